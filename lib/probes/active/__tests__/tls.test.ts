import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeTls } from '../tls';
import { closeAll, listen, refusedPort, selfSignedCert } from './servers';

afterEach(closeAll);
afterAll(closeAll);

let cert: { key: Buffer; cert: Buffer };
beforeAll(() => {
  cert = selfSignedCert();
});

describe('probeTls', () => {
  it('completes the handshake with a self-signed certificate and records version, subject, issuer, expiry', async () => {
    const port = await listen(createTlsServer(cert, (s) => s.end()));
    const result = await probeTls(`127.0.0.1:${port}`);
    expect(result).toMatchObject({ kind: 'tls', ok: true, status: null, error: null, origin: 'active' });
    expect(result.tls).toMatchObject({ version: 'TLSv1.3', subject: 'CN=upstream.test', issuer: 'CN=upstream.test', sni: null });
    // -days 2: expires between one and three days from now.
    expect(result.tls!.notAfter).toBeGreaterThan(Date.now() + 86_400_000);
    expect(result.tls!.notAfter).toBeLessThan(Date.now() + 3 * 86_400_000);
    expect(result.detail).toMatch(/self-signed certificate/);
  });

  it('sends the SNI it is asked to, and records it', async () => {
    // The probe closes as soon as its side of the handshake is done, so the server notes the name mid-handshake.
    let seen: string | undefined;
    const server = createTlsServer({ ...cert, SNICallback: (name, done) => ((seen = name), done(null, undefined)) }, (s) => s.end());
    const port = await listen(server);
    const result = await probeTls(`127.0.0.1:${port}`, { sni: 'upstream.test' });
    expect(result).toMatchObject({ ok: true, tls: { sni: 'upstream.test' } });
    expect(seen).toBe('upstream.test');
  });

  it('a plain-HTTP port fails with "wrong version number"', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('plain')));
    const result = await probeTls(`127.0.0.1:${port}`);
    expect(result).toMatchObject({ ok: false });
    expect(result.error).toMatch(/^TLS handshake failed: wrong version number/);
  });

  it('a server that only speaks an old TLS version fails the handshake in words', async () => {
    const old = createTlsServer({ ...cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
    const port = await listen(old);
    const result = await probeTls(`127.0.0.1:${port}`);
    expect(result).toMatchObject({ ok: false });
    expect(result.error).toMatch(/^TLS handshake failed: /);
  });

  it('times out on a server that accepts and never answers the ClientHello', async () => {
    const port = await listen(createServer(() => undefined));
    const result = await probeTls(`127.0.0.1:${port}`, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
  });

  it('says connection refused where nothing listens', async () => {
    const port = await refusedPort(createServer());
    expect(await probeTls(`127.0.0.1:${port}`)).toMatchObject({ ok: false, error: 'connection refused (ECONNREFUSED)' });
  });
});
