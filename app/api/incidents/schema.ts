import { z } from 'zod';

export const CreateIncidentBody = z.object({ title: z.string().trim().min(1).max(200) });
export type CreateIncidentBody = z.infer<typeof CreateIncidentBody>;

/** Filters shared by every incident query: a time range in UTC epoch ms or ISO 8601. */
const instant = z.union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], {
  error: 'must be UTC epoch milliseconds or an ISO 8601 time such as 2026-11-25T00:36:09Z',
});
export const RangeQuery = z.object({ from: instant.optional(), to: instant.optional() });
export type RangeQuery = z.infer<typeof RangeQuery>;
