import { z } from 'zod';

/**
 * The analysis object (DESIGN.md section 5): what `analyze --json` prints and the API returns.
 * Names are a contract for scripts: later work adds fields, never renames.
 */
export const StatusCounts = z.record(z.string(), z.number().int());
export type StatusCounts = z.infer<typeof StatusCounts>;

export const SourceSummary = z.object({
  id: z.number().int().optional(),
  name: z.string(),
  format: z.string().nullable(),
  gateway: z.string().nullable(),
  lines: z.object({
    total: z.number().int(),
    parsed: z.number().int(),
    rejected: z.number().int(),
    /** Lines of other containers in the same file (compose logs): counted, not parsed as the gateway's. */
    foreign: z.number().int().optional(),
    /** Pieces of lines the container runtime split, joined into the line they continue. */
    joined: z.number().int().optional(),
  }),
  /** ISO 8601 UTC; null when no line parsed. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  state: z.enum(['ingesting', 'done', 'failed']).optional(),
  error: z.string().nullable().optional(),
  bytes: z.number().int().optional(),
  sha256: z.string().optional(),
  rejects: z.array(z.object({ line: z.number().int(), reason: z.string(), text: z.string() })).optional(),
  /** Share of the first lines the chosen format read. */
  confidence: z.number().nullable().optional(),
  /** The wrapper the lines came in (cri, docker-json, compose, vector-json, fluent-bit-json), null for none. */
  envelope: z.string().nullable().optional(),
  /** Lines read per format, when a file mixes them (nginx access and error lines on one stdout). */
  formats: z.record(z.string(), z.number().int()).optional(),
  events: z.number().int().optional(),
  /** How times were read when the format lacks a zone or a year. */
  notes: z.string().nullable().optional(),
  stream: z.string().nullable().optional(),
  /** Bytes read per second, from the start of the upload to the last progress (or the end). */
  bytesPerSecond: z.number().nullable().optional(),
});
export type SourceSummary = z.infer<typeof SourceSummary>;

export const PoolSummary = z.object({
  pool: z.string().nullable(),
  requests: z.number().int(),
  /** Requests by the status the client got, kept as written ("009" too). */
  statuses: StatusCounts,
});
export type PoolSummary = z.infer<typeof PoolSummary>;

export const UpstreamSummary = z.object({
  pool: z.string().nullable(),
  /** null for requests that reached no upstream. */
  server: z.string().nullable(),
  attempts: z.number().int(),
  failed: z.number().int(),
  /** Attempts by the status the gateway recorded for that attempt ("-" when it recorded none). */
  statuses: StatusCounts,
  /**
   * Attempts by what the gateway answered because of them: the attempt's own status, or for a last try
   * the gateway recorded none for (HAProxy, Envoy, ALB), the client's status. "502s per server" counts these.
   */
  outcomes: StatusCounts,
  causes: StatusCounts,
  /** Failed attempts inside requests that the client saw succeed (a retry on another server hid them). */
  hidden: z.number().int(),
  firstFailure: z.string().nullable(),
  lastFailure: z.string().nullable(),
});
export type UpstreamSummary = z.infer<typeof UpstreamSummary>;

export const UpstreamTables = z.object({ pools: z.array(PoolSummary), upstreams: z.array(UpstreamSummary) });
export type UpstreamTables = z.infer<typeof UpstreamTables>;

export const Analysis = z.object({ sources: z.array(SourceSummary) }).extend(UpstreamTables.shape);
export type Analysis = z.infer<typeof Analysis>;

export const SeriesPoint = z.object({
  /** Bucket start, UTC epoch ms. */
  t: z.number(),
  pool: z.string().nullable(),
  server: z.string().nullable(),
  attempts: z.number().int(),
  failed: z.number().int(),
  s502: z.number().int(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const Series = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  bucketMs: z.number().int(),
  points: z.array(SeriesPoint),
});
export type Series = z.infer<typeof Series>;
