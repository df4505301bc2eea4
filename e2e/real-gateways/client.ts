import http from 'node:http';

/**
 * The bounded client: a fixed schedule of GET requests (so many per second per pool, for a fixed duration),
 * each with a timeout, and a record of what came back. Its records are the ground truth of every scenario.
 * It sends nothing within `guardMs` of a moment an upstream of that pool changes behaviour, so which phase
 * a request met never depends on scheduling jitter.
 */

export interface Route {
  pool: string;
  rps: number;
  /** The moments (ms since start) this pool's upstreams change behaviour. */
  transitions: number[];
  guardMs: number;
}

export interface PlannedRequest {
  pool: string;
  atMs: number;
}

export interface ClientRecord {
  seq: number;
  pool: string;
  path: string;
  /** When it was meant to leave (ms since start): the phase it meets is the phase at this time. */
  scheduledMs: number;
  sentMs: number;
  answeredMs: number;
  /** The status the client got; null when no HTTP response came (error says why). */
  status: number | null;
  error: string | null;
  /** The upstream that answered, from its X-Upstream header; null when no upstream put its name there. */
  backend: string | null;
}

export const CLIENT_TIMEOUT_MS = 5000;

/** The whole schedule, in time order. Routes are staggered so their requests do not leave together. */
export function plan(routes: readonly Route[], durationMs: number): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  routes.forEach((route, i) => {
    const interval = 1000 / route.rps;
    const offset = 20 + (i * interval) / routes.length;
    for (let at = offset; at < durationMs; at += interval) {
      if (route.transitions.some((t) => Math.abs(t - at) < route.guardMs)) continue;
      out.push({ pool: route.pool, atMs: Math.round(at) });
    }
  });
  return out.sort((a, b) => a.atMs - b.atMs);
}

function send(port: number, path: string, t0: number): Promise<Omit<ClientRecord, 'seq' | 'pool' | 'path' | 'scheduledMs'>> {
  const sentMs = Date.now() - t0;
  return new Promise((resolve) => {
    const done = (status: number | null, error: string | null, backend: string | null) =>
      resolve({ sentMs, answeredMs: Date.now() - t0, status, error, backend });
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: CLIENT_TIMEOUT_MS, maxHeaderSize: 128 * 1024, headers: { 'user-agent': 'real-gateways-client/1' } }, (res) => {
      const backend = res.headers['x-upstream'];
      res.resume();
      res.on('end', () => done(res.statusCode ?? null, null, typeof backend === 'string' ? backend : null));
      res.on('error', (error: NodeJS.ErrnoException) => done(res.statusCode ?? null, error.code ?? error.message, null));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => done(null, error.code ?? error.message, null));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the schedule to the gateway on `port`, starting at `t0`; resolves when every request has ended. */
export async function sendTraffic(port: number, schedule: readonly PlannedRequest[], t0: number): Promise<ClientRecord[]> {
  const pending: Promise<ClientRecord>[] = [];
  for (const [seq, planned] of schedule.entries()) {
    await sleep(t0 + planned.atMs - Date.now());
    const path = `/${planned.pool}/item/${seq}`;
    pending.push(send(port, path, t0).then((result) => ({ seq, pool: planned.pool, path, scheduledMs: planned.atMs, ...result })));
  }
  return Promise.all(pending);
}
