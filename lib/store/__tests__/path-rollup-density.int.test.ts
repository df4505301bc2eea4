import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../duckdb';
import { PathRollupDensity } from '../path-rollup-density';

const root = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'gateway-lens-density-'));

/** 20,000 real nginx lines (the bench's generator, 10 seconds of them); `args` rewrite their paths. */
function generated(name: string, args: string[] = []): string {
  const path = join(work, name);
  execFileSync(process.execPath, [join(root, 'scripts/bench/generate-log.mjs'), '20000', path, ...args]);
  return path;
}

describe('whether an incident\'s rollups by host and path prefix are worth reading (real nginx lines, real DuckDB)', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  let reads = 0;
  const ids: Record<'fewPrefixes' | 'manyPrefixes', string> = { fewPrefixes: '', manyPrefixes: '' };
  const read = async (text: string, values: string[]) => {
    reads++;
    return (await connection.runAndReadAll(text, values)).getRowObjectsJS() as { rolled: bigint; requests: bigint }[];
  };

  beforeAll(async () => {
    const path = join(work, 'gateway-lens.duckdb');
    const store = await openDuckDbStore({ path });
    // The templates' five prefixes (/api/item ...), then an id of 5,000 in each path's second segment (/api/u417).
    for (const [key, file] of [['fewPrefixes', generated('few.log')], ['manyPrefixes', generated('many.log', ['--distinct-prefixes', '5000'])]] as const) {
      ids[key] = (await store.createIncident({ title: key })).id;
      await ingestSource({ store, incidentId: ids[key], name: key, body: createReadStream(file) });
    }
    await store.close();
    instance = await DuckDBInstance.create(path);
    connection = await instance.connect();
  });

  afterAll(() => {
    connection?.closeSync();
    instance?.closeSync();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads the raw rows by host or path only where the rollup holds more rows than its share of the requests', async () => {
    const density = new PathRollupDensity(read, { minRequests: 10_000, share: 0.25 });
    expect(await density.plan({ incidentId: ids.fewPrefixes, path: '/api' })).toEqual({ incidentId: ids.fewPrefixes, path: '/api' });
    expect(await density.plan({ incidentId: ids.manyPrefixes, path: '/api/u417' })).toEqual({ incidentId: ids.manyPrefixes, path: '/api/u417', readPathsRaw: true });
    expect(await density.plan({ incidentId: ids.manyPrefixes, host: 'shop.example' })).toMatchObject({ readPathsRaw: true });
    // Neither by host nor by path: nothing to decide, nothing read.
    const before = reads;
    expect(await density.plan({ incidentId: ids.manyPrefixes, server: '127.0.0.1:18111' })).toEqual({ incidentId: ids.manyPrefixes, server: '127.0.0.1:18111' });
    expect(reads).toBe(before);
  });

  it('reads the rollups of an incident too small to matter, whatever their share', async () => {
    const density = new PathRollupDensity(read, { minRequests: 20_001, share: 0.25 });
    expect(await density.plan({ incidentId: ids.manyPrefixes, path: '/api' })).not.toHaveProperty('readPathsRaw');
  });

  it('counts an incident once, and again after its rows change (forget)', async () => {
    const density = new PathRollupDensity(read, { minRequests: 0, share: 0.25 });
    const before = reads;
    await density.plan({ incidentId: ids.manyPrefixes, path: '/a' });
    await density.plan({ incidentId: ids.manyPrefixes, path: '/b', from: 0 });
    expect(reads - before).toBe(1);
    density.forget();
    await density.plan({ incidentId: ids.manyPrefixes, path: '/a' });
    expect(reads - before).toBe(2);
  });
});
