import { poolIdOf, serverIdOf } from './gateways';
import type { ScenarioRun } from './run-scenario';
import type { ExpectedAttempt } from './scenario';
import type { ClientRecord } from './client';
import type { PoolSpec } from './gateways/types';
import { behaviourAt } from './timeline';
import { disagreement, HarnessError } from './truth';

/** What `GET /upstreams` must say, worked out from the client's records and the injected timeline only. */

export interface ExpectedPool {
  pool: string | null;
  requests: number;
  /** Requests by the status the client got. */
  statuses: Record<string, number>;
}

export interface ExpectedUpstream {
  pool: string | null;
  server: string | null;
  attempts: number;
  failed: number;
  /** Attempts the gateway answered 502 because of (the dashboard's "502s" per server: outcomes["502"]). */
  s502: number;
  /** Failed attempts by cause. */
  causes: Record<string, number>;
  /** Failed attempts inside requests the client saw succeed. */
  hidden: number;
}

export interface Expectation {
  pools: ExpectedPool[];
  upstreams: ExpectedUpstream[];
}

const add = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
const succeeded = (status: number | null) => status !== null && status >= 200 && status < 400;

function countAttempt(row: ExpectedUpstream, attempt: ExpectedAttempt, requestSucceeded: boolean) {
  row.attempts += 1;
  if (attempt.outcome === '502') row.s502 += 1;
  if (attempt.cause === null) return;
  row.failed += 1;
  add(row.causes, attempt.cause);
  if (requestSucceeded) row.hidden += 1;
}

/** Loopback time from the client to the upstream, through the gateway, allowed when checking the schedule. */
const TRANSIT_MS = 20;

/** A harness check: the request left late enough to meet another phase than the one it was scheduled in. */
function lateAcrossChange(record: ClientRecord, pool: PoolSpec): string | null {
  const late = pool.servers.find((s) => behaviourAt(s.timeline, record.scheduledMs) !== behaviourAt(s.timeline, record.sentMs + TRANSIT_MS));
  return late ? `${record.path} was scheduled at ${record.scheduledMs} ms but sent at ${record.sentMs} ms, across a change of ${late.name}` : null;
}

export function expectationOf(run: ScenarioRun): Expectation {
  const { scenario } = run;
  const pools = new Map<string | null, ExpectedPool>();
  const upstreams = new Map<string, ExpectedUpstream>();
  const problems: string[] = [];
  for (const traffic of scenario.traffic) {
    const records = run.records.filter((r) => r.pool === traffic.pool.name).sort((a, b) => a.seq - b.seq);
    const attempts = traffic.attemptsOf({ gateway: scenario.gateway, pool: traffic.pool, records, upstreamRecords: run.upstreamRecords });
    const poolId = poolIdOf[scenario.gateway](traffic.pool);
    const pool = pools.get(poolId) ?? { pool: poolId, requests: 0, statuses: {} };
    pools.set(poolId, pool);
    records.forEach((record, i) => {
      const tries = attempts[i]!;
      const problem = lateAcrossChange(record, traffic.pool) ?? disagreement(record, tries);
      if (problem) problems.push(problem);
      pool.requests += 1;
      add(pool.statuses, String(record.status));
      for (const attempt of tries) {
        const server = attempt.server ? serverIdOf[scenario.gateway](attempt.server, traffic.pool) : null;
        const key = `${poolId} ${server}`;
        const row = upstreams.get(key) ?? { pool: poolId, server, attempts: 0, failed: 0, s502: 0, causes: {}, hidden: 0 };
        upstreams.set(key, row);
        countAttempt(row, attempt, succeeded(record.status));
      }
    });
  }
  if (problems.length) throw new HarnessError(`the truth model disagrees with the client's records:\n${problems.slice(0, 10).join('\n')}`);
  return { pools: [...pools.values()], upstreams: [...upstreams.values()] };
}
