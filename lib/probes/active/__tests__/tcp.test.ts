import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTcp } from '../tcp';
import { closeAll, listen, refusedPort, unacceptingPort } from './servers';

afterEach(closeAll);

describe('probeTcp', () => {
  it('is ok when the connection opens, with the start time and the latency', async () => {
    const port = await listen(createServer((s) => s.end()));
    const before = Date.now();
    const result = await probeTcp(`127.0.0.1:${port}`);
    expect(result).toMatchObject({ kind: 'tcp', target: `127.0.0.1:${port}`, ok: true, status: null, error: null, origin: 'active' });
    expect(result.time).toBeGreaterThanOrEqual(before);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeLessThan(1000);
  });

  it('says connection refused where nothing listens', async () => {
    const port = await refusedPort(createServer());
    expect(await probeTcp(`127.0.0.1:${port}`)).toMatchObject({ ok: false, error: 'connection refused (ECONNREFUSED)' });
  });

  it('times out when the connect gets no answer (a listener whose accept queue is full)', async () => {
    const port = await unacceptingPort();
    const result = await probeTcp(`127.0.0.1:${port}`, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: 'timed out after 300 ms' });
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(1500);
  });

  it('connects to the addresses it is given instead of resolving the name again', async () => {
    const port = await listen(createServer((s) => s.end()));
    // "upstream.test" resolves nowhere; the pinned address is what the guard checked.
    expect(await probeTcp(`upstream.test:${port}`, { addresses: ['127.0.0.1'] })).toMatchObject({ ok: true });
    expect(await probeTcp(`upstream.test:${port}`, { addresses: [], lookupError: 'ENOTFOUND' })).toMatchObject({
      ok: false,
      error: 'could not resolve upstream.test: ENOTFOUND',
    });
  });

  it('refuses a target without a port and a timeout beyond 10 s', async () => {
    await expect(async () => probeTcp('127.0.0.1')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(async () => probeTcp('127.0.0.1:80', { timeoutMs: 10_001 })).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
