import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../duckdb';

const corpus = (scenario: string, file: string) => join(__dirname, '../../../e2e/fixtures/corpus', scenario, file);

async function causesOf(scenario: string, order: string[]) {
  const store = await openDuckDbStore({ path: ':memory:' });
  const incidentId = (await store.createIncident({ title: scenario })).id;
  const ids: Record<string, number> = {};
  for (const file of order) {
    const result = await ingestSource({ store, incidentId, name: file, body: createReadStream(corpus(scenario, file)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    ids[file] = result.id;
  }
  const causes = async () => Object.fromEntries((await store.upstreamTables({ incidentId })).upstreams.filter((u) => u.failed).map((u) => [u.server, u.causes]));
  return { store, incidentId, ids, causes };
}

// Every fault of the corpus, as truth.json names it, on the server it hit: what a correct fusion must find.
describe('causes from the gateway error log (real nginx logs, real DuckDB)', () => {
  it('names why each failed try failed, whichever file arrives first', async () => {
    for (const order of [['access.log', 'error.log'], ['error.log', 'access.log']]) {
      const { store, causes } = await causesOf('nginx-media-reset-close', order);
      expect(await causes()).toEqual({
        '127.0.0.1:18141': { upstream_timeout: 120 },
        '127.0.0.1:18131': { upstream_reset: 2 },
        '127.0.0.1:18132': { upstream_closed_early: 2 },
      });
      await store.close();
    }
  });

  it('tells refused from the upstream\'s own 502 and the garbage and oversized header that nginx could not read', async () => {
    const { store, causes } = await causesOf('nginx-api-single-server', ['access.log', 'error.log']);
    expect(await causes()).toEqual({ '127.0.0.1:18111': { upstream_refused: 149, upstream_reset: 1, invalid_response: 160 } });
    await store.close();
    const checkout = await causesOf('nginx-checkout-refused', ['access.log', 'error.log']);
    expect(await checkout.causes()).toEqual({ '127.0.0.1:18201': { upstream_returned_502: 100 }, '127.0.0.1:18102': { upstream_refused: 3 } });
    await checkout.store.close();
  });

  // The error log edited, to reach the two ways an event may meet a try: by its request's path, or, naming none, by server and time.
  async function checkoutWithErrorLog(edit: (line: string) => string) {
    const store = await openDuckDbStore({ path: ':memory:' });
    const incidentId = (await store.createIncident({ title: 'edited error log' })).id;
    const context = { utcOffsetMinutes: 0, zoneGiven: true };
    await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(corpus('nginx-checkout-refused', 'access.log')), context });
    const errors = readFileSync(corpus('nginx-checkout-refused', 'error.log'), 'utf8').split('\n').map(edit).join('\n');
    await ingestSource({ store, incidentId, name: 'error.log', body: Readable.from([Buffer.from(errors)]), context });
    const server = (await store.upstreamTables({ incidentId })).upstreams.find((u) => u.server === '127.0.0.1:18102');
    await store.close();
    return server?.causes;
  }

  it('takes an event about another request for no evidence, and one that names no request for the nearest on its server', async () => {
    expect(await checkoutWithErrorLog((line) => line.replace(/request: "GET \/checkout\//, 'request: "GET /elsewhere/'))).toEqual({ unknown: 3 });
    expect(await checkoutWithErrorLog((line) => line.replace(/, request: "[^"]*"/, ''))).toEqual({ upstream_refused: 3 });
  });

  it('forgets the causes an error log gave when that log is removed', async () => {
    const { store, incidentId, ids, causes } = await causesOf('nginx-checkout-refused', ['access.log', 'error.log']);
    await store.deleteSource({ incidentId, sourceId: ids['error.log']! });
    expect(await causes()).toEqual({ '127.0.0.1:18201': { upstream_returned_502: 100 }, '127.0.0.1:18102': { unknown: 3 } });
    await store.close();
  });
});
