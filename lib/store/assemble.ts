import type { PoolSummary, UpstreamSummary, UpstreamTables } from '../analysis/schema';
import { isoOrNull } from '../analysis/time';
import { latencyOfBucket } from './rollups';
import type { BucketCause, ServerBucket } from './types';

/** Engine-neutral rows, numbers already converted from the driver's big integers. */
export interface PoolStatusRow { pool: string | null; status: string; n: number }
export interface UpstreamGroupRow {
  pool: string | null; server: string | null; status: string; outcome: string; cause: string | null;
  failed: boolean; succeeded: boolean | null; n: number; first: number; last: number;
}
/** One bucket of a server's latency histogram, rows ordered by pool, server and bucket. */
export interface UpstreamLatencyRow { pool: string | null; server: string | null; bucket: number; n: number }

/** A row of the upstream table read in one pass (sql.ts upstreamTableRows): `part` says which of the three it is. */
export type UpstreamTableRow = UpstreamGroupRow & UpstreamLatencyRow & { part: 'counts' | 'latency' | 'requests'; request_status: string };

/** The three kinds of rows of a one-pass read, as assembleUpstreamTables takes them. */
export function splitUpstreamTableRows(rows: readonly UpstreamTableRow[]): { pools: PoolStatusRow[]; groups: UpstreamGroupRow[]; latency: UpstreamLatencyRow[] } {
  const part = (name: UpstreamTableRow['part']) => rows.filter((row) => row.part === name);
  return {
    pools: part('requests').map(({ pool, request_status, n }) => ({ pool, status: request_status, n })),
    groups: part('counts'),
    latency: part('latency'),
  };
}

const keyOf = (pool: string | null, server: string | null) => JSON.stringify([pool, server]);
/** A 2xx or 3xx as the gateway wrote the attempt's status. */
const isSuccess = (status: string) => status >= '200' && status < '400' && status.length === 3;


export const roundMs = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

/** p50, p95 and p99 of a histogram (buckets in order): the middle of the bucket holding each rank. */
export function percentiles(buckets: readonly { bucket: number; n: number }[], qs: readonly number[] = [0.5, 0.95, 0.99]): (number | null)[] {
  const total = buckets.reduce((sum, b) => sum + b.n, 0);
  return qs.map((q) => {
    if (total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (const b of buckets) {
      seen += b.n;
      if (seen >= rank) return latencyOfBucket(b.bucket);
    }
    return null;
  });
}

/** Worst first: most failed attempts, then most 502s, then busiest; names break ties so output is stable. */
export function byWorst(a: UpstreamSummary, b: UpstreamSummary): number {
  return (
    b.failed - a.failed ||
    (b.outcomes['502'] ?? 0) - (a.outcomes['502'] ?? 0) ||
    b.attempts - a.attempts ||
    String(a.pool).localeCompare(String(b.pool)) ||
    String(a.server).localeCompare(String(b.server))
  );
}

/*
 * Counts in a fixed order, whatever order the database grouped them in: the report and the JSON read the
 * same from one run to the next. Causes most first, as the engineer reads them; statuses by their text.
 */
const mostFirst = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a, m], [b, n]) => n - m || a.localeCompare(b)));
const byKey = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));

export function assembleUpstreamTables(rows: { pools: PoolStatusRow[]; groups: UpstreamGroupRow[]; latency: UpstreamLatencyRow[] }): UpstreamTables {
  const pools = new Map<string, PoolSummary>();
  for (const { pool, status, n } of rows.pools) {
    const key = String(pool);
    const summary = pools.get(key) ?? { pool, requests: 0, statuses: {} };
    summary.requests += n;
    summary.statuses[status] = (summary.statuses[status] ?? 0) + n;
    pools.set(key, summary);
  }
  const upstreams = new Map<string, UpstreamSummary & { cut: number; first: number | null; last: number | null }>();
  const add = (counts: Record<string, number>, key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
  for (const g of rows.groups) {
    const key = keyOf(g.pool, g.server);
    const u = upstreams.get(key) ?? {
      pool: g.pool, server: g.server, attempts: 0, failed: 0, statuses: {}, outcomes: {}, causes: {}, hidden: 0, cut: 0,
      firstFailure: null, lastFailure: null, first: null, last: null,
    };
    u.attempts += g.n;
    add(u.statuses, g.status, g.n);
    add(u.outcomes, g.outcome, g.n);
    if (g.failed) {
      u.failed += g.n;
      add(u.causes, g.cause ?? 'unknown', g.n);
      if (g.succeeded && isSuccess(g.status)) u.cut += g.n;
      else if (g.succeeded) u.hidden += g.n;
      u.first = u.first === null ? g.first : Math.min(u.first, g.first);
      u.last = u.last === null ? g.last : Math.max(u.last, g.last);
    }
    upstreams.set(key, u);
  }
  const histograms = new Map<string, UpstreamLatencyRow[]>();
  for (const l of rows.latency) {
    const key = keyOf(l.pool, l.server);
    const list = histograms.get(key) ?? [];
    list.push(l);
    histograms.set(key, list);
  }
  for (const [key, buckets] of histograms) {
    const u = upstreams.get(key);
    const [p50, p95, p99] = percentiles(buckets).map(roundMs);
    if (u) u.latency = { p50: p50 ?? null, p95: p95 ?? null, p99: p99 ?? null };
  }
  const list = [...upstreams.values()].map(({ first, last, ...u }) => ({
    ...u,
    statuses: byKey(u.statuses),
    outcomes: byKey(u.outcomes),
    causes: mostFirst(u.causes),
    firstFailure: isoOrNull(first),
    lastFailure: isoOrNull(last),
    latency: u.latency ?? { p50: null, p95: null, p99: null },
  }));
  return {
    pools: [...pools.values()].sort((a, b) => b.requests - a.requests || String(a.pool).localeCompare(String(b.pool))),
    upstreams: list.sort(byWorst),
  };
}

/** A row of sql.serverBuckets: a bucket's attempts that did not fail (`cause` null), or its failed ones of one cause. */
export interface ServerBucketRow { t: number; server: string | null; pool: string | null; cause: string | null; n: number; hidden: number; cut: number }

/** The rows of one bucket of one upstream (adjacent: sql.serverBuckets orders them so) as one bucket, its causes most failed first, then by name. */
export function serverBucketsOf(rows: readonly ServerBucketRow[]): ServerBucket[] {
  const buckets: (ServerBucket & { causes: BucketCause[] })[] = [];
  let bucket: (typeof buckets)[number] | undefined;
  for (const row of rows) {
    if (bucket === undefined || bucket.t !== row.t || bucket.server !== row.server || bucket.pool !== row.pool) {
      bucket = { t: row.t, server: row.server, pool: row.pool, n: 0, failed: 0, cause: null, causes: [] };
      buckets.push(bucket);
    }
    bucket.n += row.n;
    if (row.cause === null) continue;
    bucket.failed += row.n;
    bucket.causes.push({ cause: row.cause, failed: row.n, hidden: row.hidden, cut: row.cut });
  }
  for (const b of buckets) {
    if (b.causes.length > 1) b.causes.sort((x, y) => y.failed - x.failed || (x.cause < y.cause ? -1 : 1));
    b.cause = b.causes[0]?.cause ?? null;
  }
  return buckets;
}
