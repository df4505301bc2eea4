import { expect } from '@playwright/test';
import type { Diagnosis, DiagnosisEpisode } from '../../lib/analysis/diagnosis-schema';
import type { SourceSummary, UpstreamSummary, UpstreamTables } from '../../lib/analysis/schema';
import type { Expectation, ExpectedUpstream } from './expected';
import { poolIdOf, serverIdOf } from './gateways';
import type { ScenarioRun } from './run-scenario';
import type { InjectedFault } from './scenario';

/**
 * The product checks. All soft: one run shows every place where Gateway Lens and the truth part ways, not
 * only the first.
 */

/** Every probe result the prober wrote is read, none rejected. */
export function checkProbesImported(sources: readonly SourceSummary[], run: ScenarioRun): void {
  const written = run.probes.trimEnd().split('\n').length;
  const probes = sources.find((s) => s.name === 'probes.jsonl');
  expect.soft(probes && { format: probes.format, parsed: probes.lines.parsed, rejected: probes.lines.rejected }, 'probes.jsonl').toEqual({
    format: 'gateway_lens_jsonl',
    parsed: written,
    rejected: 0,
  });
}

const label = (pool: string | null, server: string | null) => `pool ${pool ?? '(none)'}, server ${server ?? '(no upstream)'}`;

function asExpected(row: UpstreamSummary): Omit<ExpectedUpstream, 'pool' | 'server'> {
  return { attempts: row.attempts, failed: row.failed, s502: row.outcomes['502'] ?? 0, causes: row.causes, hidden: row.hidden };
}

/** Requests and statuses per pool, and attempts, failures, 502s, causes and hidden failures per server: exact. */
export function checkUpstreamTables(tables: UpstreamTables, expected: Expectation): void {
  for (const pool of expected.pools) {
    const got = tables.pools.find((p) => p.pool === pool.pool);
    expect.soft(got && { requests: got.requests, statuses: got.statuses }, `pool ${pool.pool ?? '(none)'}: requests by the status the client got`).toEqual({
      requests: pool.requests,
      statuses: pool.statuses,
    });
  }
  for (const row of expected.upstreams) {
    const got = tables.upstreams.find((u) => u.pool === row.pool && u.server === row.server);
    const { pool, server, ...want } = row;
    expect.soft(got && asExpected(got), `${label(pool, server)}: attempts, failed, 502s, causes, hidden`).toEqual(want);
  }
  const known = new Set(expected.upstreams.map((u) => label(u.pool, u.server)));
  const extra = tables.upstreams.filter((u) => !known.has(label(u.pool, u.server))).map((u) => `${label(u.pool, u.server)}: ${JSON.stringify(asExpected(u))}`);
  expect.soft(extra, 'rows the truth has no attempt for').toEqual([]);
}

const TEN_SECONDS = 10_000;

interface FaultView {
  what: string;
  matches: (e: DiagnosisEpisode) => boolean;
}

function viewOf(run: ScenarioRun, fault: InjectedFault): FaultView {
  const gateway = run.scenario.gateway;
  if (fault.server) {
    const pool = run.scenario.traffic.find((t) => t.pool.servers.includes(fault.server!))!.pool;
    const server = serverIdOf[gateway](fault.server, pool);
    return { what: `server ${server}`, matches: (e) => e.server === server };
  }
  const pool = fault.pool!;
  const poolId = poolIdOf[gateway](pool);
  const servers = pool.servers.map((server) => serverIdOf[gateway](server, pool));
  // Caddy names no pool: a finding about the pool is one about any of its servers.
  return { what: `pool ${pool.name}`, matches: (e) => (poolId !== null && e.pool === poolId) || (e.server !== null && servers.includes(e.server)) };
}

const overlaps = (e: DiagnosisEpisode, from: number, to: number) => Date.parse(e.from) < to && Date.parse(e.to) > from;

/**
 * For each injected fault, the first finding about its server (or pool) whose window overlaps the injected one
 * must give its cause, and start and end within 10 s of it. No finding may blame a server that had no fault.
 */
export function checkFindings(diagnosis: Diagnosis, run: ScenarioRun): void {
  const { episodes } = diagnosis;
  for (const fault of run.scenario.faults) {
    const [from, to] = [run.t0 + fault.fromMs, run.t0 + fault.toMs];
    const view = viewOf(run, fault);
    const window = `${new Date(from).toISOString()} to ${new Date(to).toISOString()}`;
    const first = episodes.find((e) => view.matches(e) && overlaps(e, from, to));
    expect.soft(first, `a finding about ${view.what} (${fault.causes.join(' or ')}, ${window})`).toBeDefined();
    if (!first) continue;
    expect.soft(first.cause, `${view.what}: the cause of its first finding`).toMatch(new RegExp(`^(${fault.causes.join('|')})$`));
    expect.soft(Math.abs(Date.parse(first.from) - from), `${view.what}: finding starts ${first.from}, fault ${window}`).toBeLessThanOrEqual(TEN_SECONDS);
    expect.soft(Math.abs(Date.parse(first.to) - to), `${view.what}: finding ends ${first.to}, fault ${window}`).toBeLessThanOrEqual(TEN_SECONDS);
  }
  const views = run.scenario.faults.map((f) => viewOf(run, f));
  const blamed = episodes.filter((e) => !views.some((v) => v.matches(e))).map((e) => `${e.server} (${e.cause}, ${e.from} to ${e.to})`);
  expect.soft(blamed, 'findings about servers that had no fault').toEqual([]);
}
