import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SerialConnection } from '../duckdb-connection';
import { IngestThreads } from '../duckdb-ingest-threads';

describe('DuckDB on one thread while files are being stored', () => {
  it('takes one thread while any file is being stored and gives the rest back after the last, whatever the order', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '4' });
    const db = new SerialConnection(await instance.connect());
    const threads = async () => Number((await db.all<{ t: number }>("SELECT current_setting('threads') AS t"))[0]!.t);
    const ingest = new IngestThreads(db);
    expect(await threads()).toBe(4);
    const first = await ingest.enter();
    expect(await threads()).toBe(1);
    const second = await ingest.enter();
    await first();
    await first(); // a source that aborts after a failed commit says it is done twice
    expect(await threads()).toBe(1);
    await second();
    expect(await threads()).toBe(4);
    instance.closeSync();
  });
});
