import { z } from 'zod';
import { probeKinds } from '@/lib/probes/types';

export const RunProbesBody = z.object({
  /** "host:port" or a URL; at most 20 at once. */
  targets: z.array(z.string().trim().min(1).max(500)).min(1).max(20),
  kind: z.enum(probeKinds),
  /** A bounded watch: probe every N seconds for M minutes (both capped). */
  everySeconds: z.number().int().min(2).max(300).optional(),
  forMinutes: z.number().min(0.1).max(30).optional(),
  timeoutMs: z.number().int().min(100).max(10_000).optional(),
});
export type RunProbesBody = z.infer<typeof RunProbesBody>;
