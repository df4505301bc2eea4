import http from 'node:http';
import net from 'node:net';

/**
 * Probes every upstream server directly (not through the gateway), as a monitor beside the gateway would: a TCP
 * connect and an HTTP GET /health every `everyMs`, each with a timeout. Results are Gateway Lens's probe JSON
 * lines: {"time", "target", "kind", "ok", "status"?, "latency_ms", "error"?}.
 */

export interface ProbeResult {
  time: string;
  target: string;
  kind: 'tcp' | 'http';
  ok: boolean;
  status?: number;
  latency_ms: number;
  error?: string;
}

const TIMEOUT_MS = 800;

function tcpProbe(port: number): Promise<ProbeResult> {
  const started = Date.now();
  const base = { time: new Date(started).toISOString(), target: `127.0.0.1:${port}`, kind: 'tcp' as const };
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: TIMEOUT_MS });
    const end = (ok: boolean, error?: string) => {
      socket.destroy();
      resolve({ ...base, ok, latency_ms: Date.now() - started, ...(error ? { error } : {}) });
    };
    socket.once('connect', () => end(true));
    socket.once('timeout', () => end(false, 'ETIMEDOUT'));
    socket.once('error', (error: NodeJS.ErrnoException) => end(false, error.code ?? error.message));
  });
}

function httpProbe(port: number): Promise<ProbeResult> {
  const started = Date.now();
  const base = { time: new Date(started).toISOString(), target: `http://127.0.0.1:${port}/health`, kind: 'http' as const };
  return new Promise((resolve) => {
    let settled = false;
    const end = (result: Omit<ProbeResult, 'time' | 'target' | 'kind' | 'latency_ms'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...base, ...result, latency_ms: Date.now() - started });
    };
    const req = http.get({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: TIMEOUT_MS }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      // A 5xx is a failed probe (README, Probes).
      res.on('end', () => end({ ok: status >= 200 && status < 400, status }));
      res.on('error', (error: NodeJS.ErrnoException) => end({ ok: false, status, error: error.code ?? error.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => end({ ok: false, error: error.code ?? error.message }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes `ports` from `t0` for `durationMs`, every `everyMs`; resolves with the JSON-lines file's text. */
export async function probe(ports: readonly number[], t0: number, durationMs: number, everyMs = 500): Promise<string> {
  const results: Promise<ProbeResult>[] = [];
  for (let at = 0; at < durationMs; at += everyMs) {
    await sleep(t0 + at - Date.now());
    for (const port of ports) results.push(tcpProbe(port), httpProbe(port));
  }
  const done = await Promise.all(results);
  return done.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
