import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { copyInto, ROWS_PER_FILE, StagedTable, stagedRows, type Field } from '../duckdb-staged-copy';

/** Stages the rows, waits for DuckDB to load them, and lets the stage go. */
async function stageAll(staged: StagedTable, rows: readonly Field[][]): Promise<void> {
  for (const row of rows) staged.add(...row);
  await staged.finish();
  await staged.discard();
}

describe('staged COPY keeps every value as it was given', () => {
  it('round-trips NULL, empty strings, the staging control characters, quotes, tabs, unicode and numbers through real DuckDB', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (n BIGINT, d DOUBLE, b BOOLEAN, s VARCHAR)');
    const values: [number | null, number | null, boolean | null, string | null][] = [
      [1, 0.001, true, 'plain'],
      [2, null, false, ''],
      [3, 1.5, null, null],
      [4, 4.255, true, 'a\x01b\x01\x01c'],
      [5, -2, false, 'field\x02separator'],
      [6, 9007199254740991, true, '"quoted" \\ back\tslash\r'],
      [7, 0, false, '127.0.0.1 - - [25/Nov/2026:00:36:18 +0000] "GET /é/ü HTTP/1.1" 502 157 "-" "curl/8"'],
      [8, 1e-9, true, '\x01'],
    ];
    const staged = new StagedTable(connection, copyInto('t', ['n', 'd', 'b', 's']));
    await stageAll(staged, values);
    const reader = await instance.connect();
    const rows = (await reader.runAndReadAll('SELECT n, d, b, s FROM t ORDER BY n')).getRowsJS();
    expect(rows.map(([n, d, b, s]) => [Number(n), d, b, s])).toEqual(values);
    reader.closeSync();
    instance.closeSync();
  });

  it('reads one staged row into two tables, as the requests and their first tries are stored, with the same values', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('CREATE TABLE a (source INTEGER, n BIGINT, s VARCHAR); CREATE TABLE b (n BIGINT, d DOUBLE, t VARCHAR)');
    const columns = [['n', 'BIGINT'], ['s', 'VARCHAR'], ['d', 'DOUBLE'], ['t', 'VARCHAR']] as const;
    const staged = new StagedTable(connection, (path) => [
      `INSERT INTO a SELECT 7, n, s FROM ${stagedRows(path, columns)}`,
      `INSERT INTO b SELECT n, d, t FROM ${stagedRows(path, columns)}`,
    ]);
    const rows: [number, string | null, number | null, string | null][] = [
      [1, 'a\x01b', 0.5, null], [2, '', null, 'x\x02y'], [3, null, 1e-9, '"q" é'],
    ];
    await stageAll(staged, rows);
    const reader = await instance.connect();
    const a = (await reader.runAndReadAll('SELECT source, n, s FROM a ORDER BY n')).getRowsJS();
    const b = (await reader.runAndReadAll('SELECT n, d, t FROM b ORDER BY n')).getRowsJS();
    expect(a.map(([source, n, text]) => [source, Number(n), text])).toEqual(rows.map(([n, text]) => [7, n, text]));
    expect(b.map(([n, d, t]) => [Number(n), d, t])).toEqual(rows.map(([n, , d, t]) => [n, d, t]));
    reader.closeSync();
    instance.closeSync();
  });

  it('names the failure when DuckDB refuses a file, instead of losing rows silently', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (n INTEGER)');
    const staged = new StagedTable(connection, copyInto('t', ['n']));
    staged.add('not a number');
    await expect(staged.finish()).rejects.toThrow(/not a number|Could not convert|Conversion Error/i);
    await staged.discard();
    await staged.discard(); // a second discard (abort after a failed commit) is harmless
    instance.closeSync();
  });

  it('loads a large source in whole row groups, whatever batches the parser waits between, so DuckDB writes them straight to disk', async () => {
    // A COPY of fewer rows than a row group goes through the write-ahead log and is compressed again at the
    // checkpoint: files cut where the parser happened to wait made 17 row groups of 1M rows and a 0.9 s checkpoint.
    const dir = mkdtempSync(join(tmpdir(), 'staged-'));
    const instance = await DuckDBInstance.create(join(dir, 'rows.duckdb'));
    const connection = await instance.connect();
    await connection.run('CREATE TABLE t (n BIGINT, s VARCHAR)');
    const staged = new StagedTable(connection, copyInto('t', ['n', 's']), dir);
    const total = 2 * ROWS_PER_FILE + 5;
    for (let n = 0; n < total; n++) {
      staged.add(n, `/path/${n % 97}`);
      if (n % 7919 === 0) await staged.ready();
    }
    await staged.finish();
    await staged.discard();
    const reader = await instance.connect();
    const [[count, sum]] = (await reader.runAndReadAll('SELECT count(*), sum(n) FROM t')).getRowsJS() as [[bigint, bigint]];
    expect([Number(count), Number(sum)]).toEqual([total, (total * (total - 1)) / 2]);
    await reader.run('CHECKPOINT');
    const groups = (await reader.runAndReadAll("SELECT row_group_id, max(count) FROM pragma_storage_info('t') GROUP BY 1 ORDER BY 1")).getRowsJS();
    expect(groups.map(([, rows]) => Number(rows))).toEqual([ROWS_PER_FILE, ROWS_PER_FILE, 5]);
    reader.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });
});
