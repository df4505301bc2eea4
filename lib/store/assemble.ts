import type { PoolSummary, UpstreamSummary, UpstreamTables } from '../analysis/schema';
import { isoOrNull } from '../analysis/time';

/** Engine-neutral rows, numbers already converted from the driver's big integers. */
export interface PoolStatusRow { pool: string | null; status: string; n: number }
export interface UpstreamStatusRow { pool: string | null; server: string | null; status: string; n: number }
export interface UpstreamCauseRow { pool: string | null; server: string | null; cause: string | null; n: number }
export interface UpstreamTotalsRow {
  pool: string | null;
  server: string | null;
  attempts: number;
  failed: number;
  hidden: number;
  first_failure: number | null;
  last_failure: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const keyOf = (pool: string | null, server: string | null) => JSON.stringify([pool, server]);


const roundMs = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

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

export function assembleUpstreamTables(rows: {
  pools: PoolStatusRow[];
  statuses: UpstreamStatusRow[];
  outcomes: UpstreamStatusRow[];
  causes: UpstreamCauseRow[];
  totals: UpstreamTotalsRow[];
}): UpstreamTables {
  const pools = new Map<string, PoolSummary>();
  for (const { pool, status, n } of rows.pools) {
    const key = String(pool);
    const summary = pools.get(key) ?? { pool, requests: 0, statuses: {} };
    summary.requests += n;
    summary.statuses[status] = (summary.statuses[status] ?? 0) + n;
    pools.set(key, summary);
  }
  const upstreams = new Map<string, UpstreamSummary>();
  for (const t of rows.totals) {
    upstreams.set(keyOf(t.pool, t.server), {
      pool: t.pool,
      server: t.server,
      attempts: t.attempts,
      failed: t.failed,
      statuses: {},
      outcomes: {},
      causes: {},
      hidden: t.hidden,
      firstFailure: isoOrNull(t.first_failure),
      lastFailure: isoOrNull(t.last_failure),
      latency: { p50: roundMs(t.p50), p95: roundMs(t.p95), p99: roundMs(t.p99) },
    });
  }
  for (const { pool, server, status, n } of rows.statuses) {
    const summary = upstreams.get(keyOf(pool, server));
    if (summary) summary.statuses[status] = n;
  }
  for (const { pool, server, status, n } of rows.outcomes) {
    const summary = upstreams.get(keyOf(pool, server));
    if (summary) summary.outcomes[status] = n;
  }
  for (const { pool, server, cause, n } of rows.causes) {
    const summary = upstreams.get(keyOf(pool, server));
    if (summary) summary.causes[cause ?? 'unknown'] = n;
  }
  return {
    pools: [...pools.values()].sort((a, b) => b.requests - a.requests || String(a.pool).localeCompare(String(b.pool))),
    upstreams: [...upstreams.values()].sort(byWorst),
  };
}
