import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { plan, sendTraffic, type ClientRecord, type Route } from './client';
import { startGateway, type RunningGateway } from './gateways';
import { portsOf } from './ports';
import { probe } from './prober';
import type { Scenario } from './scenario';
import { transitions } from './timeline';
import { HarnessError } from './truth';
import { startUpstream, type RunningUpstream, type UpstreamRecord } from './upstream';

/** Everything a scenario produced: the client's records (the truth), the gateway's real logs, the probes. */
export interface ScenarioRun {
  scenario: Scenario;
  /** Epoch ms when traffic started: every `...Ms` in the records and the timelines counts from here. */
  t0: number;
  records: ClientRecord[];
  upstreamRecords: Map<string, UpstreamRecord[]>;
  logs: { name: string; body: Buffer }[];
  probes: string;
}

const DEFAULT_GUARD_MS = 150;
/** Lets HAProxy's health checks see upstreams that refuse from the start before traffic does. */
const SETTLE_MS = 300;
const DRAIN_MS = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function routesOf(scenario: Scenario): Route[] {
  return scenario.traffic.map((t) => ({
    pool: t.pool.name,
    rps: t.rps,
    transitions: [...new Set(t.pool.servers.flatMap((s) => transitions(s.timeline)))],
    guardMs: t.guardMs ?? DEFAULT_GUARD_MS,
  }));
}

/** Starts the upstreams and the gateway, sends the traffic while probing, and always stops what it started. */
export async function runScenario(scenario: Scenario): Promise<ScenarioRun> {
  const ports = portsOf(scenario.block);
  const dir = mkdtempSync(join(tmpdir(), `real-gateways-${scenario.id}-`));
  const servers = scenario.traffic.flatMap((t) => t.pool.servers);
  const upstreams: RunningUpstream[] = [];
  let gateway: RunningGateway | null = null;
  try {
    for (const spec of servers) upstreams.push(await startUpstream(spec));
    const pools = scenario.traffic.map((t) => t.pool);
    gateway = await startGateway(scenario.gateway, { dir, port: ports.gateway, readyPort: ports.ready, pools });
    const t0 = Date.now() + SETTLE_MS;
    for (const upstream of upstreams) upstream.begin(t0);
    const schedule = plan(routesOf(scenario), scenario.durationMs);
    const [records, probes] = await Promise.all([
      sendTraffic(ports.gateway, schedule, t0),
      probe(servers.map((s) => s.port), t0, scenario.durationMs),
    ]);
    // A gateway writes a request's line once the connection has closed, just after the client got its answer.
    await sleep(DRAIN_MS);
    await gateway.stop(); // every line is written once the gateway has exited
    const logs = gateway.logs.map((log) => ({ name: log.name, body: readFileSync(log.path) }));
    const upstreamRecords = new Map(upstreams.map((u) => [u.spec.name, u.records]));
    const errors = upstreams.flatMap((u) => u.errors);
    if (errors.length) throw new HarnessError(`an upstream could not follow its timeline: ${errors.join('; ')}`);
    return { scenario, t0, records, upstreamRecords, logs, probes };
  } finally {
    await gateway?.stop();
    await Promise.all(upstreams.map((u) => u.stop()));
    // The logs are kept in memory (and attached to the test's results), not in the temp dir.
    rmSync(dir, { recursive: true, force: true });
  }
}
