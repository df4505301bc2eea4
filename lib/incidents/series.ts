import type { Series } from '../analysis/schema';
import { notFound } from '../errors';
import type { RangeFilter, Store } from '../store/types';

/** Charts draw at most about this many buckets (DESIGN.md section 8). */
export const MAX_BUCKETS = 2000;
const NICE_BUCKETS_MS = [1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000];

/** The smallest round bucket that keeps the range within MAX_BUCKETS points. */
export function bucketFor(spanMs: number, maxBuckets = MAX_BUCKETS): number {
  const wanted = Math.max(1, spanMs / maxBuckets);
  return NICE_BUCKETS_MS.find((b) => b >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}

export async function getSeries(store: Store, filter: RangeFilter & { maxBuckets?: number }): Promise<Series> {
  if (!(await store.getIncident({ id: filter.incidentId }))) throw notFound(`incident ${filter.incidentId}`);
  const span = await store.timeSpan(filter);
  const from = filter.from ?? span.from;
  const to = filter.to ?? (span.to === null ? null : span.to + 1);
  if (from === null || to === null) return { from: null, to: null, bucketMs: 1000, points: [] };
  const bucketMs = bucketFor(to - from, filter.maxBuckets);
  const series = await store.series({ ...filter, from, to, bucketMs });
  return { ...series, from, to };
}
