import type { Series } from '../analysis/schema';
import { notFound } from '../errors';
import type { Selection, SeriesBy, Store } from '../store/types';

/** Charts draw at most about this many buckets (DESIGN.md section 8). */
export const MAX_BUCKETS = 2000;
const NICE_BUCKETS_MS = [1_000, 5_000, 10_000, 15_000, 30_000, 60_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 21_600_000, 86_400_000];

/** The smallest round bucket that keeps the range within `maxBuckets` points. */
export function bucketFor(spanMs: number, maxBuckets = MAX_BUCKETS): number {
  const wanted = Math.max(1, spanMs / maxBuckets);
  return NICE_BUCKETS_MS.find((b) => b >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
}

/**
 * The time series of a selection: per pool by default, per server within a chosen pool (or when asked),
 * or per cause. Buckets are sized to the range so a chart never draws more than about MAX_BUCKETS points.
 */
export async function getSeries(store: Store, sel: Selection & { by?: SeriesBy; maxBuckets?: number }): Promise<Series> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const by = sel.by ?? (sel.pool !== undefined ? 'server' : 'pool');
  const span = await store.timeSpan({ incidentId: sel.incidentId, from: sel.from, to: sel.to });
  const from = sel.from ?? span.from;
  const to = sel.to ?? (span.to === null ? null : span.to + 1);
  if (from === null || to === null) return { from: null, to: null, bucketMs: 1000, by, points: [] };
  const bucketMs = bucketFor(to - from, Math.min(sel.maxBuckets ?? MAX_BUCKETS, MAX_BUCKETS));
  const series = await store.series({ ...sel, from, to, bucketMs, by });
  return { ...series, from, to };
}
