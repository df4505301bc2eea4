import type { ServerBucket } from '../store/types';

/**
 * A stretch of time in which one upstream server failed well above its own baseline, or in which a pool's
 * requests reached none of its servers (`server` null, `pool` set).
 */
export interface FailingStretch {
  server: string | null;
  pool: string | null;
  /** UTC epoch ms, [from, to). */
  from: number;
  to: number;
  attempts: number;
  failed: number;
}

/** A failing stretch with why its attempts failed. */
export interface Episode extends FailingStretch {
  /** The most common cause of the failed attempts, and its share of them. */
  cause: string;
  causeShare: number;
  causes: Record<string, number>;
}

/**
 * A bucket fails when this share of its attempts failed, or twice the server's baseline if that is
 * higher, but never above half: a bucket where most attempts failed is failing whatever the baseline.
 */
const MIN_FAILING_SHARE = 0.1;
const MAX_FAILING_SHARE = 0.5;

function baselineOf(buckets: readonly ServerBucket[]): number {
  // The server's usual failure rate: a low percentile of its buckets, so a long outage does not raise its own bar.
  const rates = buckets.map((b) => b.failed / b.n).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 4)] ?? 0;
}

/**
 * Finds each server's failing stretches. Failing buckets join into one episode when nothing succeeded on that
 * server between them: a gateway that takes a failing server out of rotation (nginx's fail_timeout)
 * leaves gaps with no attempts at all, and those gaps are part of the outage, not recoveries.
 */
export function findFailingStretches(buckets: readonly ServerBucket[], bucketMs: number): FailingStretch[] {
  const byUpstream = new Map<string, ServerBucket[]>();
  for (const b of buckets) {
    const key = JSON.stringify([b.server, b.server === null ? b.pool : null]);
    const own = byUpstream.get(key) ?? [];
    own.push(b);
    byUpstream.set(key, own);
  }
  const stretches: FailingStretch[] = [];
  for (const own of byUpstream.values()) {
    const { server, pool } = own[0]!;
    own.sort((a, b) => a.t - b.t);
    const threshold = Math.min(MAX_FAILING_SHARE, Math.max(MIN_FAILING_SHARE, 2 * baselineOf(own)));
    let current: FailingStretch | null = null;
    for (const bucket of own) {
      const failing = bucket.failed > 0 && bucket.failed / bucket.n >= threshold;
      const succeeded = bucket.n - bucket.failed;
      if (failing && current) {
        current.to = bucket.t + bucketMs;
        current.attempts += bucket.n;
        current.failed += bucket.failed;
      } else if (failing) {
        current = { server, pool: server === null ? pool : null, from: bucket.t, to: bucket.t + bucketMs, attempts: bucket.n, failed: bucket.failed };
      } else if (current && succeeded > 0) {
        stretches.push(current);
        current = null;
      } else if (current) {
        current.attempts += bucket.n;
        current.failed += bucket.failed;
      }
    }
    if (current) stretches.push(current);
  }
  return stretches;
}

/**
 * A stretch's failed attempts per cause, summed from its upstream's buckets (a stretch is made of whole buckets),
 * with those a retry made up for (`hidden`) and, of these, those whose own 2xx or 3xx had reached the client (`cut`).
 */
export function causesDuring(buckets: readonly ServerBucket[], stretch: FailingStretch): { causes: Record<string, number>; hidden: number; cut: number } {
  const out = { causes: {} as Record<string, number>, hidden: 0, cut: 0 };
  for (const b of buckets) {
    if (b.server !== stretch.server || (b.server === null && b.pool !== stretch.pool) || b.t < stretch.from || b.t >= stretch.to) continue;
    for (const c of b.causes) {
      out.causes[c.cause] = (out.causes[c.cause] ?? 0) + c.failed;
      out.hidden += c.hidden;
      out.cut += c.cut;
    }
  }
  return out;
}

/** The stretch with its failed attempts' causes: the most common one names the episode. */
export function withCauses(e: FailingStretch, causes: Record<string, number>): Episode {
  const [cause, n] = Object.entries(causes).sort((a, b) => b[1] - a[1])[0] ?? ['unknown', 0];
  const total = Object.values(causes).reduce((s, v) => s + v, 0);
  return { ...e, cause, causeShare: total ? n / total : 0, causes };
}
