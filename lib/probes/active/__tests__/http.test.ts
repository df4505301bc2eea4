import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../http';
import { closeAll, listen, refusedPort, selfSignedCert } from './servers';

afterEach(closeAll);

let cert: { key: Buffer; cert: Buffer };
beforeAll(() => {
  cert = selfSignedCert();
});
afterAll(closeAll);

const at = (port: number, path = '/') => `http://127.0.0.1:${port}${path}`;

describe('probeHttp', () => {
  it('answers 200: ok, status, time to first byte, latency', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('up')));
    const result = await probeHttp(at(port, '/health'));
    expect(result).toMatchObject({ kind: 'http', target: at(port, '/health'), ok: true, status: 200, error: null, origin: 'active', tls: null });
    expect(result.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.ttfbMs!);
  });

  it('takes host:port as http://host:port/ and sends a GET for /', async () => {
    let seen = '';
    const port = await listen(createHttpServer((req, res) => res.end((seen = `${req.method} ${req.url}`))));
    expect(await probeHttp(`127.0.0.1:${port}`)).toMatchObject({ ok: true, status: 200 });
    expect(seen).toBe('GET /');
  });

  it('does not follow a redirect, and a 3xx or 4xx still means the upstream is up', async () => {
    let hits = 0;
    const port = await listen(
      createHttpServer((req, res) => {
        hits++;
        res.writeHead(req.url === '/old' ? 302 : 404, { location: '/new' }).end();
      }),
    );
    expect(await probeHttp(at(port, '/old'))).toMatchObject({ ok: true, status: 302 });
    expect(await probeHttp(at(port, '/missing'))).toMatchObject({ ok: true, status: 404 });
    expect(hits).toBe(2);
  });

  it('a 502 the server answers itself is not ok, and the error says it came from the target', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(502).end('bad gateway')));
    const result = await probeHttp(at(port));
    expect(result).toMatchObject({ ok: false, status: 502 });
    expect(result.error).toMatch(/^the target itself answered 502 Bad Gateway/);
  });

  it('says connection refused, reset, closed before headers and malformed in words', async () => {
    const refused = await refusedPort(createServer());
    const reset = await listen(createServer((s: Socket) => s.once('data', () => s.resetAndDestroy())));
    const closes = await listen(createServer((s: Socket) => s.once('data', () => s.end())));
    const garbage = await listen(createServer((s: Socket) => s.once('data', () => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'))));
    expect(await probeHttp(at(refused))).toMatchObject({ ok: false, status: null, error: 'connection refused (ECONNREFUSED)' });
    expect(await probeHttp(at(reset))).toMatchObject({ ok: false, status: null, error: 'connection reset (ECONNRESET)' });
    expect(await probeHttp(at(closes))).toMatchObject({ ok: false, status: null, error: 'connection closed before response headers (socket hang up)' });
    const bad = await probeHttp(at(garbage));
    expect(bad).toMatchObject({ ok: false, status: null });
    expect(bad.error).toMatch(/^malformed response \(HPE_/);
  });

  it('times out on a server that accepts and never answers, saying where it was waiting', async () => {
    const port = await listen(createServer(() => undefined));
    const result = await probeHttp(at(port), { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, status: null, error: 'timed out after 300 ms waiting for response headers' });
    expect(result.latencyMs).toBeLessThan(1500);
  });

  it('a body that stalls after the headers is a failure with the status kept', async () => {
    const port = await listen(createHttpServer((_req, res) => res.writeHead(200, { 'content-length': '100' }).write('partial')));
    const result = await probeHttp(at(port), { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, status: 200, error: 'timed out after 300 ms reading the response body' });
  });

  it('https: a self-signed certificate does not fail the probe; it is recorded, and the failed verification noted', async () => {
    const port = await listen(createHttpsServer(cert, (_req, res) => res.end('secure')));
    const result = await probeHttp(`https://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ ok: true, status: 200, error: null });
    expect(result.tls).toMatchObject({ subject: 'CN=upstream.test', issuer: 'CN=upstream.test', sni: null });
    expect(result.tls?.version).toMatch(/^TLSv1\.[23]$/);
    expect(result.detail).toMatch(/^certificate not verified: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  it('https to a plain-HTTP port fails the handshake with "wrong version number"', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('plain')));
    const result = await probeHttp(`https://127.0.0.1:${port}/`);
    expect(result).toMatchObject({ ok: false, status: null });
    expect(result.error).toMatch(/wrong version number/);
  });

  it('an aborted probe ends at once', async () => {
    const port = await listen(createServer(() => undefined));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await probeHttp(at(port), { timeoutMs: 5000, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: 'probe aborted waiting for response headers' });
    expect(result.latencyMs).toBeLessThan(1000);
  });

  it('refuses a URL of another scheme or with credentials', async () => {
    await expect(async () => probeHttp('ftp://127.0.0.1/')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(async () => probeHttp('http://user:pw@127.0.0.1:1/')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
