import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDns } from '../dns';
import { closeAll, startDns } from './servers';

// A real DNS server on 127.0.0.1 that answers for a small zone, so NXDOMAIN, SERVFAIL and a silent
// resolver can be shown without sending a query anywhere else.
let server: string;
beforeAll(async () => {
  server = await startDns({
    'api.upstream.test': { A: ['10.0.3.7', '10.0.3.8'], AAAA: ['fd00::7'] },
    'v4only.upstream.test': { A: ['10.0.3.9'] },
    'empty.upstream.test': {},
    'broken.upstream.test': { rcode: 2 },
    'slow.upstream.test': { silent: true },
  });
});
afterAll(closeAll);

describe('probeDns', () => {
  it('resolves localhost through the system resolver (getaddrinfo, /etc/hosts)', async () => {
    const result = await probeDns('localhost');
    expect(result).toMatchObject({ kind: 'dns', target: 'localhost', ok: true, status: null, error: null, origin: 'active' });
    expect(result.addresses!.some((a) => a === '127.0.0.1' || a === '::1')).toBe(true);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('collects A and AAAA addresses from the DNS server it is given', async () => {
    const result = await probeDns('api.upstream.test', { servers: [server] });
    expect(result).toMatchObject({ ok: true, error: null });
    expect(result.addresses).toEqual(['10.0.3.7', '10.0.3.8', 'fd00::7']);
    expect(await probeDns('v4only.upstream.test', { servers: [server] })).toMatchObject({ ok: true, addresses: ['10.0.3.9'] });
  });

  it('names NXDOMAIN, SERVFAIL, no records and a silent server in words', async () => {
    expect(await probeDns('nowhere.upstream.test', { servers: [server] })).toMatchObject({
      ok: false,
      addresses: [],
      error: 'NXDOMAIN: the name does not exist (ENOTFOUND)',
    });
    expect(await probeDns('broken.upstream.test', { servers: [server] })).toMatchObject({ ok: false, error: 'SERVFAIL: the DNS server could not answer (ESERVFAIL)' });
    expect(await probeDns('empty.upstream.test', { servers: [server] })).toMatchObject({ ok: false, error: 'no A or AAAA records for the name (ENODATA)' });
    const slow = await probeDns('slow.upstream.test', { servers: [server], timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    expect(slow.latencyMs).toBeLessThan(1500);
  });

  it('refuses host:port: a dns probe takes a name', async () => {
    await expect(probeDns('localhost:80')).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
