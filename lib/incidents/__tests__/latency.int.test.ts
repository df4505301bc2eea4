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

type RawAttempt = { server: string; t: bigint; response_ms: number };

/** The attempts' times per key and second, sorted. */
function group(rows: readonly RawAttempt[], keyOf: (r: RawAttempt) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    const key = `${keyOf(r)} ${Number(r.t)}`;
    out.set(key, [...(out.get(key) ?? []), r.response_ms]);
  }
  for (const values of out.values()) values.sort((a, b) => a - b);
  return out;
}

const rank = (values: readonly number[], q: number) => values[Math.max(1, Math.ceil(q * values.length)) - 1]!;
/** The point a key's second should read as, from its attempts' own times. */
const expected = (key: string, t: number, values: readonly number[]) => ({
  key, t, n: values.length, p50: asBucketMiddle(rank(values, 0.5)), p95: asBucketMiddle(rank(values, 0.95)), p99: asBucketMiddle(rank(values, 0.99)),
});

describe('upstream response time over time', () => {
  let raws: RawAttempt[] = [];
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
    const rows = (await connection.runAndReadAll('SELECT server, time - time % 1000 AS t, response_ms FROM attempts WHERE response_ms IS NOT NULL')).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    store = await openDuckDbStore({ path: join(dir, 'db.duckdb') });
    raws = rows as { server: string; t: bigint; response_ms: number }[];
    const perSecond = group(raws, () => 'all');
    expect(latency.points.map((p) => p.t)).toEqual([...perSecond.keys()].map((k) => Number(k.split(' ')[1])).sort((a, b) => a - b));
    for (const point of latency.points) expect(point).toEqual(expected('all', point.t, perSecond.get(`all ${point.t}`)!));
    expect(latency.points.length).toBeGreaterThan(50);
  });

  it('gives each server its own percentiles, for drawing a pool\'s servers apart', async () => {
    const latency = await getLatency(store, { incidentId, pool: 'checkout', by: 'server' });
    expect(latency.by).toBe('server');
    const perServer = group(raws.filter((r) => r.server.endsWith(':18101') || r.server.endsWith(':18102')), (r) => r.server);
    expect(new Set(latency.points.map((p) => p.key))).toEqual(new Set(['127.0.0.1:18101', '127.0.0.1:18102']));
    expect(latency.points).toHaveLength(perServer.size);
    for (const point of latency.points) expect(point).toEqual(expected(point.key, point.t, perServer.get(`${point.key} ${point.t}`)!));
    // One second: both servers' points share their time and still stay apart.
    const second = [...perServer.keys()].map((k) => Number(k.split(' ')[1])).find((t) => perServer.has(`127.0.0.1:18101 ${t}`) && perServer.has(`127.0.0.1:18102 ${t}`))!;
    const one = await getLatency(store, { incidentId, pool: 'checkout', by: 'server', from: second, to: second + 1000 });
    expect(one.points.map((p) => [p.key, p.t])).toEqual([['127.0.0.1:18101', second], ['127.0.0.1:18102', second]]);
    for (const point of one.points) expect(point).toEqual(expected(point.key, second, perServer.get(`${point.key} ${second}`)!));
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
