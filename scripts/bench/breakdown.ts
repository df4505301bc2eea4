// Where the time of one ingest goes, stage by stage, so the ceiling of the current design can be seen:
//   read     bytes to lines (gunzip, sha256, UTF-8 decoding), nothing parsed
//   parse    the same, plus the format module and the attempts of every request, nothing stored
//   store    DuckDB alone storing the file's requests and tries from their staged files, as ingest does
// Each prints wall and CPU seconds (CPU counts DuckDB's threads too). Prints one JSON object.
//   tsx scripts/bench/breakdown.ts FILE
// First, as in the store: the options DuckDB's allocator reads when the native library loads.
import '../../lib/store/duckdb-allocator';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ingestSource } from '../../lib/ingest/ingest-source';
import { readLines } from '../../lib/ingest/read-lines';
import { openDuckDbStore } from '../../lib/store/duckdb';
import { loadStagedRequests, loadStagedRetries, RETRY_COLUMNS, STAGE_COLUMNS } from '../../lib/store/duckdb-request-rows';
import { ROWS_PER_FILE } from '../../lib/store/duckdb-staged-copy';
import { forEachRequest } from './parse-range';

const [file] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx scripts/bench/breakdown.ts FILE');
  process.exit(2);
}

async function timed(run: () => Promise<unknown>): Promise<{ seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  await run();
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function readOnly(): Promise<number> {
  let n = 0;
  for await (const lines of readLines(createReadStream(file!))) n += lines.length;
  return n;
}

async function parseOnly(): Promise<number> {
  let attempts = 0;
  await forEachRequest({ file: file!, start: 0, end: statSync(file!).size }, (_, tries) => (attempts += tries.length));
  return attempts;
}

/**
 * Stores the file once, exports its rows as the staged files ingest writes (a request with its first try per
 * row, 100,000 rows a file, further tries apart), and times DuckDB loading them alone, as ingest does it
 * (the same loader, on one thread).
 */
async function storeOnly(dir: string) {
  const store = await openDuckDbStore({ path: join(dir, 'source.duckdb') });
  const { id: incidentId } = await store.createIncident({ title: 'breakdown' });
  const { id: sourceId } = await ingestSource({ store, incidentId, name: basename(file!), body: createReadStream(file!) });
  await store.close();

  const options = `(DELIMITER '\x02', QUOTE '\x01', ESCAPE '\x01', HEADER false, NULLSTR '')`;
  const source = await DuckDBInstance.create(join(dir, 'source.duckdb'));
  const exporting = await source.connect();
  const count = Number((await exporting.runAndReadAll('SELECT count(*) FROM requests')).getRowsJS()[0]![0]);
  const attempts = Number((await exporting.runAndReadAll('SELECT count(*) FROM attempts')).getRowsJS()[0]![0]);
  const files: string[] = [];
  const columns = STAGE_COLUMNS.map(([name]) => (name.startsWith('try_') ? `a.${name.slice(4)} AS ${name}` : `r.${name}`)).join(', ');
  for (let first = 0; first < count; first += ROWS_PER_FILE) {
    files.push(join(dir, `requests-${files.length}.txt`));
    await exporting.run(`COPY (SELECT ${columns} FROM requests r JOIN attempts a ON a.source_id = r.source_id AND a.line_no = r.line_no AND a.seq = 0
      ORDER BY r.line_no LIMIT ${ROWS_PER_FILE} OFFSET ${first}) TO '${files.at(-1)}' ${options}`);
  }
  const retryColumns = RETRY_COLUMNS.map(([name]) => (name === 'host' || name === 'path' ? `r.${name}` : `a.${name}`)).join(', ');
  await exporting.run(`COPY (SELECT ${retryColumns} FROM attempts a JOIN requests r ON r.source_id = a.source_id AND r.line_no = a.line_no
    WHERE a.seq > 0) TO '${join(dir, 'retries.txt')}' ${options}`);
  const schema = (await exporting.runAndReadAll("SELECT sql FROM duckdb_tables() WHERE table_name IN ('requests', 'attempts')")).getRowsJS().map(([sql]) => String(sql));
  exporting.closeSync();
  source.closeSync();

  const target = await DuckDBInstance.create(join(dir, 'target.duckdb'), { memory_limit: '128MB', threads: '1' });
  const connection = await target.connect();
  for (const ddl of schema) await connection.run(ddl);
  const result = await timed(async () => {
    for (const path of files) for (const statement of loadStagedRequests(sourceId)(path)) await connection.run(statement);
    for (const statement of loadStagedRetries(sourceId)(join(dir, 'retries.txt'))) await connection.run(statement);
    await connection.run('CHECKPOINT');
  });
  // The same rows as ingest stored, or the figure is of some other work.
  const stored = (await connection.runAndReadAll('SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM attempts)')).getRowsJS()[0]!;
  if (Number(stored[0]) !== count || Number(stored[1]) !== attempts) {
    throw new Error(`the store stage loaded ${stored[0]} requests and ${stored[1]} attempts, ingest stored ${count} and ${attempts}`);
  }
  connection.closeSync();
  target.closeSync();
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-breakdown-'));
try {
  const read = await timed(readOnly);
  const parse = await timed(parseOnly);
  const store = await storeOnly(dir);
  console.log(JSON.stringify({ read, parse, store }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
