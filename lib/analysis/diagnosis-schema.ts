import { z } from 'zod';

/** Links that open the evidence: the lines view filtered to the attempts, the chart zoomed to the window. */
export const Evidence = z.object({ lines: z.string(), chart: z.string(), probes: z.number().int() });

/** The hosts or paths an episode's failures were for: the most hit, and how many distinct ones there were. */
export const Hits = z.object({ top: z.array(z.object({ value: z.string().nullable(), failed: z.number().int() })), distinct: z.number().int() });
export type Hits = z.infer<typeof Hits>;

export const DiagnosisEpisode = z.object({
  pool: z.string().nullable(),
  /** Null when the pool's requests reached none of its servers (no healthy upstream). */
  server: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  cause: z.string(),
  attempts: z.number().int(),
  failed: z.number().int(),
  confidence: z.enum(['high', 'medium', 'low']),
  evidence: Evidence,
  /** What the failures were for (the first findings only: enough to say which part of the site broke). */
  hosts: Hits.optional(),
  /** Path prefixes: the first two segments (/api/item/1 counts under /api/item). */
  paths: Hits.optional(),
});
export type DiagnosisEpisode = z.infer<typeof DiagnosisEpisode>;

export const Finding = z.object({
  /** The finding in the engineer's terms, with its figures. */
  sentence: z.string(),
  /** Which server (and pool), when and why: the same as its episode, for scripts. Server null: the pool as a whole. */
  server: z.string().nullable(),
  pool: z.string().nullable(),
  cause: z.string(),
  from: z.string(),
  to: z.string(),
  confidence: z.enum(['high', 'medium', 'low']),
  /** Why that confidence, and when unsure, what evidence would decide. */
  reason: z.string(),
  step: z.enum(['upstream_status', 'server_logs', 'network', 'configuration']),
  evidence: Evidence,
  /** What to run next on the affected host, with the real values filled in. */
  next: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

export const DiagnosisStep = z.object({
  id: z.enum(['upstream_status', 'server_logs', 'network', 'configuration']),
  title: z.string(),
  status: z.enum(['problem_found', 'looks_fine', 'not_enough_evidence']),
  summary: z.string(),
  evidence: z.array(z.string()),
});
export type DiagnosisStep = z.infer<typeof DiagnosisStep>;

/** DESIGN.md section 5's `diagnosis`, with the ranked findings beside the episodes. */
export const Diagnosis = z.object({ episodes: z.array(DiagnosisEpisode), findings: z.array(Finding), steps: z.array(DiagnosisStep) });
export type Diagnosis = z.infer<typeof Diagnosis>;
