import type { LatencyPoint, LatencySeries } from '../analysis/schema';
import { notFound } from '../errors';
import { percentiles, roundMs } from '../store/assemble';
import { MINUTE_MS } from '../store/rollups';
import type { LatencyBucket, LatencyBy, Selection, Store } from '../store/types';
import { bucketFor } from './series';

/** Fewer points than the status chart: a percentile wants a few dozen attempts behind it. */
const LATENCY_BUCKETS = 300;
/**
 * Up to this span the attempts themselves are read, in buckets as fine as a second; beyond it the per-minute
 * histograms, in buckets of whole minutes. 15 minutes at 2,000 requests a second is 1.8M attempts.
 */
const RAW_SPAN_MS = 15 * MINUTE_MS;

/**
 * Upstream response time over the selection: p50, p95 and p99 of its attempts per time bucket, as a whole
 * or per server (`by`). A slowdown before the 502s (a server going slow, then timing out or being taken
 * out) shows here first.
 */
export async function getLatency(store: Store, sel: Selection & { by?: LatencyBy }): Promise<LatencySeries> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const by = sel.by ?? 'all';
  const span = await store.timeSpan({ incidentId: sel.incidentId, from: sel.from, to: sel.to });
  const from = sel.from ?? span.from;
  const to = sel.to ?? (span.to === null ? null : span.to + 1);
  if (from === null || to === null) return { from: null, to: null, bucketMs: 1000, by, points: [] };
  const raw = to - from <= RAW_SPAN_MS;
  const fine = bucketFor(to - from, LATENCY_BUCKETS);
  const bucketMs = raw ? fine : Math.ceil(fine / MINUTE_MS) * MINUTE_MS;
  const rows = await store.latencySeries({ ...sel, from, to, bucketMs, raw, by });
  return { from, to, bucketMs, by, points: pointsOf(rows) };
}

/** Rows ordered by key, time and latency bucket: one point per key and time bucket. */
function pointsOf(rows: readonly LatencyBucket[]): LatencyPoint[] {
  const points: LatencyPoint[] = [];
  for (let start = 0; start < rows.length; ) {
    const { key, t } = rows[start]!;
    let end = start;
    while (end < rows.length && rows[end]!.t === t && rows[end]!.key === key) end++;
    const buckets = rows.slice(start, end);
    const [p50, p95, p99] = percentiles(buckets).map(roundMs) as [number, number, number];
    points.push({ key, t, n: buckets.reduce((sum, b) => sum + b.n, 0), p50, p95, p99 });
    start = end;
  }
  return points;
}
