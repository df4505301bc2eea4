import { z } from 'zod';
import { Instant } from '@/lib/analysis/time';
import { isEndpoint } from '@/lib/store/selection';
import { INCIDENT_STATUSES } from '@/lib/store/types';

export const CreateIncidentBody = z.object({ title: z.string().trim().min(1).max(200) });
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>;

/** What PATCH changes: the title, the status, the notes; at least one. */
export const UpdateIncidentBody = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    status: z.enum(INCIDENT_STATUSES).optional(),
    notes: z.string().max(20_000).optional(),
  })
  .refine((b) => b.title !== undefined || b.status !== undefined || b.notes !== undefined, { error: 'give a title, a status or notes to change' });

export const RangeQuery = z.object({ from: Instant.optional(), to: Instant.optional() });
export type RangeQuery = z.infer<typeof RangeQuery>;

const text = z.string().trim().min(1).max(2000);

/** The selection every incident query takes: a range and filters ("-" selects a missing pool or server). */
export const SelectionQuery = RangeQuery.extend({
  pool: text.optional(),
  server: text.optional(),
  status: z.string().regex(/^\d{3}$/, 'status must be three digits').optional(),
  cause: text.optional(),
  host: text.optional(),
  path: text.optional(),
  /** An endpoint as the top failures list it: a path's first one or two segments exactly. */
  endpoint: text.refine(isEndpoint, 'endpoint must be a path\'s first one or two segments: /api/item (a "/", at most two segments, no "?" or "#")').optional(),
});
export type SelectionQuery = z.infer<typeof SelectionQuery>;
