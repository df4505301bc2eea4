import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { LATENCY_BUCKETS_PER_E, latencyOfBucket } from '../../store/rollups';
import type { Store } from '../../store/types';
import { getLatency } from '../latency';

// A real nginx log: a minute of three pools, one server refusing for 25 s, another answering 502 itself.
const log = join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused/access.log');

/** What a percentile reads as: the middle of the histogram bucket the value falls in, to 0.1 ms. */
const asBucketMiddle = (ms: number) => Math.round(latencyOfBucket(Math.floor(Math.log(1 + Math.max(ms, 0)) * LATENCY_BUCKETS_PER_E)) * 10) / 10;

describe('upstream response time over time', () => {
  let dir: string;
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-lens-latency-'));
    store = await openDuckDbStore({ path: join(dir, 'db.duckdb') });
    incidentId = (await store.createIncident({ title: 'latency' })).id;
    await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(log) });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives each second of a short incident the p50/p95/p99 of its attempts, read from the attempts themselves', async () => {
    const latency = await getLatency(store, { incidentId });
    expect(latency.bucketMs).toBe(1000);
    // The attempts' own times, read back from the database file with DuckDB alone.
    await store.close();
    const instance = await DuckDBInstance.create(join(dir, 'db.duckdb'));
    const connection = await instance.connect();
    const rows = (await connection.runAndReadAll('SELECT time - time % 1000 AS t, response_ms FROM attempts WHERE response_ms IS NOT NULL')).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    store = await openDuckDbStore({ path: join(dir, 'db.duckdb') });
    const perSecond = new Map<number, number[]>();
    for (const { t, response_ms } of rows as { t: bigint; response_ms: number }[]) perSecond.set(Number(t), [...(perSecond.get(Number(t)) ?? []), response_ms]);
    expect(latency.points.map((p) => p.t)).toEqual([...perSecond.keys()].sort((a, b) => a - b));
    const rank = (values: number[], q: number) => values[Math.max(1, Math.ceil(q * values.length)) - 1]!;
    for (const point of latency.points) {
      const values = perSecond.get(point.t)!.sort((a, b) => a - b);
      expect(point).toEqual({
        t: point.t, n: values.length, p50: asBucketMiddle(rank(values, 0.5)), p95: asBucketMiddle(rank(values, 0.95)), p99: asBucketMiddle(rank(values, 0.99)),
      });
    }
    expect(latency.points.length).toBeGreaterThan(50);
  });

  it('reads the same histograms from the per-minute rollup as from the attempts, for buckets of whole minutes', async () => {
    const range = { incidentId, from: Date.parse('2026-11-25T00:34:00Z'), to: Date.parse('2026-11-25T00:36:00Z'), bucketMs: 60_000 };
    const rolled = await store.latencySeries({ ...range, raw: false });
    expect(rolled.length).toBeGreaterThan(10);
    expect(rolled).toEqual(await store.latencySeries({ ...range, raw: true }));
    // And with an edge that is not a whole minute (read from the attempts), and a filter the rollup keys on.
    const ragged = { ...range, from: range.from + 30_123, pool: 'search' };
    expect(await store.latencySeries({ ...ragged, raw: false })).toEqual(await store.latencySeries({ ...ragged, raw: true }));
    // The whole minutes did come from the rollup: with the attempts of 00:35 gone, it still answers for them.
    await store.close();
    const instance = await DuckDBInstance.create(join(dir, 'db.duckdb'));
    const connection = await instance.connect();
    await connection.run(`DELETE FROM attempts WHERE time >= ${Date.parse('2026-11-25T00:35:00Z')}`);
    connection.closeSync();
    instance.closeSync();
    store = await openDuckDbStore({ path: join(dir, 'db.duckdb') });
    expect(await store.latencySeries({ ...range, raw: false })).toEqual(rolled);
    expect((await store.latencySeries({ ...range, raw: true })).every((row) => row.t < Date.parse('2026-11-25T00:35:00Z'))).toBe(true);
  });
});
