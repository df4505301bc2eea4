import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { SerialConnection } from '../duckdb-connection';
import { IngestThreads } from '../duckdb-ingest-threads';

describe('DuckDB on one thread and less memory while files are being stored', () => {
  it('takes one thread and the ingest memory limit while any file is being stored, and gives both back after the last, whatever the order', async () => {
    const instance = await DuckDBInstance.create(':memory:', { threads: '4', memory_limit: '256MB' });
    const db = new SerialConnection(await instance.connect());
    const settings = async () => {
      const [row] = await db.all<{ t: number; m: string }>("SELECT current_setting('threads') AS t, current_setting('memory_limit') AS m");
      return { threads: Number(row!.t), memory: row!.m };
    };
    const ingest = new IngestThreads(db, '256MB', '96MB');
    const before = await settings();
    expect(before.threads).toBe(4);
    const first = await ingest.enter();
    const during = await settings();
    expect(during.threads).toBe(1);
    expect(during.memory).not.toBe(before.memory);
    expect(during.memory).toMatch(/^9[0-9](\.\d+)? MiB$/);
    const second = await ingest.enter();
    await first();
    await first(); // a source that aborts after a failed commit says it is done twice
    expect(await settings()).toEqual(during);
    await second();
    expect(await settings()).toEqual(before);
    instance.closeSync();
  });
});
