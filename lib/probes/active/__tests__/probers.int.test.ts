import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProbeTarget } from '../guard';
import { probeDns, probeHttp, probeTcp, probeTls } from '../probers';
import { ProbeBudget, runProbes, runWatch } from '../run-probes';

// Real servers on 127.0.0.1, each behaving as a failing upstream does; every one is closed after the tests.
const servers: net.Server[] = [];
const listen = (server: net.Server) =>
  new Promise<number>((resolve) => {
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
const at = (port: number) => `127.0.0.1:${port}`;
let ports: Record<'ok' | 'own502' | 'reset' | 'stall' | 'close' | 'refused' | 'tls', number>;
let certDir: string;

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'gateway-lens-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=upstream.test',
    '-keyout', join(certDir, 'key.pem'), '-out', join(certDir, 'cert.pem')], { stdio: 'ignore' });
  const closed = net.createServer();
  const refusedPort = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  servers.splice(servers.indexOf(closed), 1);
  ports = {
    ok: await listen(http.createServer((_, res) => res.end('ok'))),
    own502: await listen(http.createServer((_, res) => { res.statusCode = 502; res.end('bad gateway'); })),
    reset: await listen(net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()))),
    stall: await listen(net.createServer(() => undefined)),
    close: await listen(net.createServer((socket) => socket.once('data', () => socket.end()))),
    refused: refusedPort,
    tls: await listen(tls.createServer({ key: readFileSync(join(certDir, 'key.pem')), cert: readFileSync(join(certDir, 'cert.pem')) }, (s) => s.end())),
  };
});

afterAll(async () => {
  for (const server of servers) {
    server.close();
    (server as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
  }
  rmSync(certDir, { recursive: true, force: true });
});

describe('active probes against real local servers', () => {
  it('TCP: connects to a listening server, and says refused where nothing listens', async () => {
    expect(await probeTcp(at(ports.ok), 1000)).toMatchObject({ kind: 'tcp', ok: true, error: null, origin: 'active' });
    expect(await probeTcp(at(ports.refused), 1000)).toMatchObject({ ok: false, error: 'connection refused (ECONNREFUSED)' });
  });

  it('HTTP: status and time to first byte; 502 answered, reset, closed early and stalled are failures with their words', async () => {
    const ok = await probeHttp(`http://${at(ports.ok)}/health`, 1000);
    expect(ok).toMatchObject({ kind: 'http', ok: true, status: 200, error: null });
    expect(ok.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(await probeHttp(at(ports.own502), 1000)).toMatchObject({ ok: false, status: 502, error: 'answered 502' });
    expect(await probeHttp(at(ports.reset), 1000)).toMatchObject({ ok: false, status: null, error: 'connection reset (ECONNRESET)' });
    expect(await probeHttp(at(ports.close), 1000)).toMatchObject({ ok: false, error: 'closed before answering (socket hang up)' });
    const stalled = await probeHttp(at(ports.stall), 300);
    expect(stalled).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    expect(stalled.latencyMs).toBeLessThan(2000);
    expect(await probeHttp(at(ports.refused), 1000)).toMatchObject({ ok: false, error: 'connection refused (ECONNREFUSED)' });
  });

  it('TLS: the handshake, its version and the certificate; a plain TCP port fails the handshake', async () => {
    const result = await probeTls(at(ports.tls), 2000);
    expect(result).toMatchObject({ kind: 'tls', ok: true, tls: { subject: 'upstream.test', issuer: 'upstream.test', sni: null } });
    expect(result.tls?.version).toMatch(/^TLSv1\.[23]$/);
    expect(result.tls?.notAfter).toBeGreaterThan(Date.now());
    expect((await probeTls(at(ports.ok), 2000)).ok).toBe(false);
  });

  it('DNS: resolves a name through the system resolver', async () => {
    expect(await probeDns('localhost', 2000)).toMatchObject({ kind: 'dns', ok: true, addresses: expect.arrayContaining(['127.0.0.1']) });
  });
});

describe('the target guard', () => {
  const known = () => new Set([at(ports.ok), 'shop.example.test']);

  it('lets through the servers the incident names, and what the configuration allows', async () => {
    await expect(checkProbeTarget(at(ports.ok), { known: known(), allow: '' })).resolves.toBeUndefined();
    await expect(checkProbeTarget(`http://${at(ports.ok)}/health`, { known: known(), allow: '' })).resolves.toBeUndefined();
    await expect(checkProbeTarget('127.0.0.1:1', { known: known(), allow: '127.0.0.0/8' })).resolves.toBeUndefined();
  });

  it('refuses a target outside the incident, saying which rule refused it', async () => {
    await expect(checkProbeTarget('127.0.0.1:9', { known: known(), allow: '' })).rejects.toMatchObject({
      code: 'probe_target_refused',
      message: expect.stringContaining("127.0.0.1:9 appears nowhere in this incident's data"),
    });
  });

  it('refuses cloud metadata and link-local addresses even when the incident names them, unless listed explicitly', async () => {
    const named = new Set(['169.254.169.254:80', '[fe80::1]:80']);
    await expect(checkProbeTarget('169.254.169.254:80', { known: named, allow: '' })).rejects.toMatchObject({
      code: 'probe_target_refused', message: expect.stringContaining('is a cloud metadata address'),
    });
    await expect(checkProbeTarget('[fe80::1]:80', { known: named, allow: '' })).rejects.toMatchObject({ message: expect.stringContaining('is a link-local address') });
    await expect(checkProbeTarget('169.254.169.254:80', { known: named, allow: '169.254.169.254' })).resolves.toBeUndefined();
  });

  it('refuses the whole run before any connection when one target is refused', async () => {
    const budget = new ProbeBudget(60);
    await expect(runProbes({ incidentId: 'i', targets: [at(ports.ok), '169.254.169.254:80'], kind: 'tcp', known: known(), allow: '', budget }))
      .rejects.toMatchObject({ code: 'probe_target_refused' });
  });
});

describe('bounded probing', () => {
  it('caps the probes per minute of an incident', async () => {
    const budget = new ProbeBudget(3);
    const run = { incidentId: 'capped', targets: [at(ports.ok), at(ports.ok)], kind: 'tcp' as const, known: new Set([at(ports.ok)]), allow: '', budget };
    expect(await runProbes(run)).toHaveLength(2);
    await expect(runProbes(run)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('a watch probes every few seconds and stops by itself', async () => {
    const rounds: number[] = [];
    const count = await runWatch({
      incidentId: 'watch', targets: [at(ports.ok)], kind: 'tcp', known: new Set([at(ports.ok)]), allow: '', budget: new ProbeBudget(60),
      everySeconds: 2, forMinutes: 0.06, onResults: async (r) => void rounds.push(r.length),
    });
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(3);
    expect(rounds.every((n) => n === 1)).toBe(true);
  });
});
