import { z } from 'zod';
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

/** An instant in UTC epoch ms or ISO 8601. */
const instant = z.union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
  error: 'must be UTC epoch milliseconds or an ISO 8601 time such as 2026-11-25T00:36:09Z',
});
export const RangeQuery = z.object({ from: instant.optional(), to: instant.optional() });
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
});
export type SelectionQuery = z.infer<typeof SelectionQuery>;
