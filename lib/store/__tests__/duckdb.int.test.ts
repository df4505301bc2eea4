import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../duckdb';
import type { Store } from '../types';

const fixture = (path: string) => join(__dirname, '../../../e2e/fixtures', path);

async function* bytesOf(...parts: (string | Buffer)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? Buffer.from(part) : part;
}

describe('DuckDB store (real database file)', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-lens-store-'));
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Closes the store, runs `statements` on the database as a version before would have left it (the
   * migrations since are then run again), and opens the store on it.
   */
  async function reopenAsBefore(statements: readonly string[]): Promise<void> {
    await store.close();
    const instance = await DuckDBInstance.create(join(dir, 'gateway-lens.duckdb'));
    const raw = await instance.connect();
    for (const statement of statements) await raw.run(statement);
    raw.closeSync();
    instance.closeSync();
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
  }

  it('stores a real nginx log per attempt and answers the upstream tables', async () => {
    const incident = await store.createIncident({ title: 'checkout' });
    const body = bytesOf(await readFile(fixture('corpus/nginx-checkout-refused/access.log')));
    const result = await ingestSource({ store, incidentId: incident.id, name: 'access.log', body });
    expect(result.lines).toEqual({ total: 1788, parsed: 1788, rejected: 0, foreign: 0, joined: 0, outside: 0 });
    const { pools, upstreams } = await store.upstreamTables({ incidentId: incident.id });
    expect(pools.find((p) => p.pool === 'search')).toEqual({ pool: 'search', requests: 596, statuses: { '200': 496, '502': 100 } });
    // The refusing checkout server: three failed tries, every one hidden by nginx's retry on the other server.
    expect(upstreams.find((u) => u.server === '127.0.0.1:18102')).toMatchObject({
      pool: 'checkout', failed: 3, hidden: 3, statuses: { '502': 3 },
    });
    expect(upstreams[0]).toMatchObject({ pool: 'search', server: '127.0.0.1:18201', failed: 100 });
  });

  it('keeps the data across a reopen and applies each migration once', async () => {
    const incident = await store.createIncident({ title: 'persisted' });
    await store.close();
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
    expect(await store.getIncident({ id: incident.id })).toEqual(incident);
  });

  it('closes a throwaway store (the CLI\'s) without a checkpoint, leaving its last writes in the write-ahead log', async () => {
    const walOf = (path: string) => (existsSync(`${path}.wal`) ? statSync(`${path}.wal`).size : 0);
    await store.createIncident({ title: 'kept' });
    await store.close();
    expect(walOf(join(dir, 'gateway-lens.duckdb'))).toBe(0);
    const throwaway = join(dir, 'throwaway.duckdb');
    store = await openDuckDbStore({ path: throwaway, throwaway: true });
    await store.createIncident({ title: 'written, not checkpointed' });
    await store.close();
    expect(walOf(throwaway)).toBeGreaterThan(0);
    store = await openDuckDbStore({ path: throwaway });
    expect((await store.listIncidents()).map((i) => i.title)).toEqual(['written, not checkpointed']);
  });

  it('keeps where an incident stands and what the team noted, changing only what is given', async () => {
    const incident = await store.createIncident({ title: 'checkout 502s' });
    expect(incident).toMatchObject({ status: 'investigating', notes: '' });
    const mitigated = await store.updateIncident({ id: incident.id, status: 'mitigated', notes: 'rolled back api to v41\nwatching' });
    expect(mitigated).toEqual({ ...incident, status: 'mitigated', notes: 'rolled back api to v41\nwatching' });
    expect(await store.updateIncident({ id: incident.id, title: 'checkout 502s (api v42)' })).toEqual({ ...mitigated, title: 'checkout 502s (api v42)' });
    await store.close();
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
    expect((await store.listIncidents()).map(({ title, status, notes }) => ({ title, status, notes }))).toEqual([
      { title: 'checkout 502s (api v42)', status: 'mitigated', notes: 'rolled back api to v41\nwatching' },
    ]);
    await expect(store.updateIncident({ id: 'nope', status: 'resolved' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reads incidents from before statuses existed as under investigation, with no notes', async () => {
    const old = await store.createIncident({ title: 'from an older version' });
    // The database as the version before migration 14 left it.
    await reopenAsBefore(['ALTER TABLE incidents DROP COLUMN status', 'ALTER TABLE incidents DROP COLUMN notes', 'DELETE FROM schema_migrations WHERE version = 14']);
    expect(await store.getIncident({ id: old.id })).toEqual({ ...old, status: 'investigating', notes: '' });
  });

  it('renames the servers of HAProxy sources stored before as backend/server, rollups included', async () => {
    const incident = await store.createIncident({ title: 'haproxy from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('haproxy/access.log'))), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    const now = await store.upstreamTables({ incidentId: incident.id });
    await store.close();
    // The database as the version before migration 15 left it: servers by their bare name.
    const instance = await DuckDBInstance.create(join(dir, 'gateway-lens.duckdb'));
    const raw = await instance.connect();
    for (const table of ['attempts', 'attempt_seconds', 'attempt_latency']) {
      await raw.run(`UPDATE ${table} SET server = split_part(server, '/', 2) WHERE server LIKE '%/%'`);
    }
    // Migration 15 renamed this rollup too; migration 18 replaced it.
    await raw.run('CREATE TABLE failure_hits (server VARCHAR, pool VARCHAR, source_id INTEGER)');
    expect((await (await raw.runAndReadAll("SELECT count(*) AS n FROM attempt_seconds WHERE server = 'web1'")).getRowObjects())[0]!.n).toBeGreaterThan(0);
    await raw.run('DELETE FROM schema_migrations WHERE version = 15');
    raw.closeSync();
    instance.closeSync();
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
    const migrated = await store.upstreamTables({ incidentId: incident.id });
    expect(migrated).toEqual(now);
    expect(migrated.upstreams.map((u) => u.server)).toContain('refused/web1');
    const lines = await store.requestLines({ incidentId: incident.id, server: 'refused/web1', after: null, limit: 10 });
    expect(lines.total).toBe(4);
  });

  it('counts the requests tried more than once for sources stored before the rollup had them', async () => {
    const incident = await store.createIncident({ title: 'retries from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('corpus/nginx-checkout-refused/access.log'))) });
    const retried = async () => (await store.series({ incidentId: incident.id, bucketMs: 60_000, by: 'pool' })).points.reduce((n, p) => n + (p.retried ?? 0), 0);
    const before = await retried();
    expect(before).toBeGreaterThan(0);
    // The database as the version before migration 16 left it.
    await reopenAsBefore(['ALTER TABLE request_seconds DROP COLUMN retried', 'DELETE FROM schema_migrations WHERE version = 16']);
    expect(await retried()).toBe(before);
  });

  it('drops the request id and user agent columns nothing read, keeping every request of older stores', async () => {
    const incident = await store.createIncident({ title: 'columns from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('corpus/nginx-checkout-refused/access.log'))) });
    const before = await store.upstreamTables({ incidentId: incident.id });
    // The database as the version before migration 17 left it.
    await reopenAsBefore(['ALTER TABLE requests ADD COLUMN request_id VARCHAR', 'ALTER TABLE requests ADD COLUMN user_agent VARCHAR', "UPDATE requests SET user_agent = 'scenario-client/1'", 'DELETE FROM schema_migrations WHERE version = 17']);
    expect(await store.upstreamTables({ incidentId: incident.id })).toEqual(before);
    await store.close();
    const after = await DuckDBInstance.create(join(dir, 'gateway-lens.duckdb'));
    const check = await after.connect();
    const columns = (await check.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'requests'")).getRowsJS().map(([name]) => name);
    check.closeSync();
    after.closeSync();
    expect(columns).not.toContain('user_agent');
    expect(columns).not.toContain('request_id');
    expect(columns).toContain('path');
    store = await openDuckDbStore({ path: join(dir, 'gateway-lens.duckdb') });
  });

  it('gives the attempts of older stores their host and path, and counts the rollups by host and path prefix', async () => {
    const incident = await store.createIncident({ title: 'paths from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('haproxy/access.log'))), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    const selections = [{}, { path: '/refused' }, { host: '127.0.0.1:18500' }, { path: '/refused', host: '127.0.0.1:18500' }, { path: '/refused/item/1' }];
    const before = await Promise.all(selections.map((s) => store.upstreamTables({ incidentId: incident.id, ...s })));
    expect(before[1]!.upstreams.length).toBeGreaterThan(0);
    // The database as the version before migration 18 left it (18 to 22 then run again).
    await reopenAsBefore([
      'ALTER TABLE attempts DROP COLUMN host', 'ALTER TABLE attempts DROP COLUMN path', 'ALTER TABLE attempts DROP COLUMN request_retried',
      'DROP TABLE request_paths', 'DROP TABLE attempt_paths', 'CREATE TABLE failure_hits (source_id INTEGER)', 'DELETE FROM schema_migrations WHERE version >= 18',
    ]);
    expect(await Promise.all(selections.map((s) => store.upstreamTables({ incidentId: incident.id, ...s })))).toEqual(before);
  });

  it('counts the failures of older stores in their rollup by host and path prefix (migrations 24 and 25)', async () => {
    const incident = await store.createIncident({ title: 'top failures from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('haproxy/access.log'))), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    const selections = [{}, { path: '/refused' }, { host: '127.0.0.1:18500' }, { path: '/refused/item/1' }];
    const top = () => Promise.all(selections.map((s) => store.topFailures({ incidentId: incident.id, ...s, limit: 10 })));
    const before = await top();
    expect(before[0]!.prefixes.length).toBeGreaterThan(1);
    // The database as the version before migration 24 left it: the rollup without its count of failures.
    await reopenAsBefore(['ALTER TABLE request_paths DROP COLUMN failed', 'DELETE FROM schema_migrations WHERE version >= 24']);
    expect(await top()).toEqual(before);
  });

  it('marks the attempts of older stores so the requests of a server count the same from them (migrations 19 to 22)', async () => {
    const incident = await store.createIncident({ title: 'first tries from an older version' });
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body: bytesOf(await readFile(fixture('nginx-same-server/access.log'))) });
    const counted = async () => {
      const sel = { incidentId: incident.id, server: '127.0.0.1:18492' };
      const series = await store.series({ ...sel, bucketMs: 60_000, by: 'pool' });
      return { requests: (await store.headline(sel)).requests, retried: series.points.reduce((n, p) => n + (p.retried ?? 0), 0) };
    };
    const before = await counted();
    expect(before).toEqual({ requests: 11, retried: 11 });
    // The database as the version before migration 19 left it (19 to 22 then run again).
    await reopenAsBefore(['ALTER TABLE attempts DROP COLUMN request_retried', 'ALTER TABLE attempts DROP COLUMN path', 'DELETE FROM schema_migrations WHERE version >= 19']);
    expect(await counted()).toEqual(before);
  });

  it('gives incidents unguessable URL-safe ids of at least 128 bits', async () => {
    const { id } = await store.createIncident({ title: 'x' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('counts and keeps the first rejects with line numbers and reasons', async () => {
    const incident = await store.createIncident({ title: 'rejects' });
    const good = (await readFile(fixture('nginx-upstream/access.log'), 'utf8')).split('\n').slice(0, 3).join('\n');
    const result = await ingestSource({
      store, incidentId: incident.id, name: 'mixed.log', body: bytesOf(`${good}\nthis is not a log line\n\n${good}\n`),
    });
    expect(result.lines).toEqual({ total: 8, parsed: 6, rejected: 2, foreign: 0, joined: 0, outside: 0 });
    const [source] = await store.listSources({ incidentId: incident.id });
    expect(source?.rejects).toEqual([
      { line: 4, reason: 'no [time] field', text: 'this is not a log line' },
      { line: 5, reason: 'blank line', text: '' },
    ]);
  });

  it('leaves nothing of a source whose upload fails half-way, and keeps what was stored before', async () => {
    const incident = await store.createIncident({ title: 'abort' });
    const log = await readFile(fixture('nginx-upstream/access.log'));
    await ingestSource({ store, incidentId: incident.id, name: 'first.log', body: bytesOf(log) });
    const before = await store.upstreamTables({ incidentId: incident.id });

    // Enough lines for detection to finish and rows to be written before the connection drops.
    async function* brokenUpload(): AsyncGenerator<Uint8Array> {
      yield log;
      yield log;
      yield log;
      throw new Error('client went away');
    }
    await expect(ingestSource({ store, incidentId: incident.id, name: 'second.log', body: brokenUpload() })).rejects.toThrow('client went away');
    expect(await store.upstreamTables({ incidentId: incident.id })).toEqual(before);
    const sources = await store.listSources({ incidentId: incident.id });
    expect(sources.map((s) => [s.name, s.state, s.error])).toEqual([
      ['first.log', 'done', null],
      ['second.log', 'failed', 'client went away'],
    ]);
  });

  it('filters the tables by time range', async () => {
    const incident = await store.createIncident({ title: 'range' });
    const body = bytesOf(await readFile(fixture('corpus/nginx-checkout-refused/access.log')));
    await ingestSource({ store, incidentId: incident.id, name: 'access.log', body });
    // search's own 502s ran from 00:35:27 to 00:35:37; before that, search answered every request.
    const before = await store.upstreamTables({ incidentId: incident.id, to: Date.UTC(2026, 10, 25, 0, 35, 27) });
    expect(before.pools.find((p) => p.pool === 'search')?.statuses['502']).toBeUndefined();
  });
});
