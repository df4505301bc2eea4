// Where the time of one ingest goes, stage by stage, so the ceiling of the current design can be seen:
//   read     bytes to lines (gunzip, sha256, UTF-8 decoding), nothing parsed
//   parse    the same, plus the format module and the attempts of every request, nothing stored
//   store    DuckDB alone: COPY of the requests and attempts rows of the file, already staged as text
// Each prints wall and CPU seconds (CPU counts DuckDB's threads too). Prints one JSON object.
//   tsx scripts/bench/breakdown.ts FILE
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { defaultParseContext } from '../../lib/formats/types';
import { attemptRows } from '../../lib/ingest/attempt-rows';
import { ingestSource } from '../../lib/ingest/ingest-source';
import { LineReader } from '../../lib/ingest/line-reader';
import { readLines, type Line } from '../../lib/ingest/read-lines';
import { choosePlan } from '../../lib/ingest/read-plan';
import { openDuckDbStore } from '../../lib/store/duckdb';

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

const texts = (lines: Line[]) => lines.flatMap((l) => ('text' in l ? [l.text] : []));

async function readOnly(): Promise<number> {
  let n = 0;
  for await (const lines of readLines(createReadStream(file!))) n += lines.length;
  return n;
}

async function parseOnly(): Promise<number> {
  let reader: LineReader | null = null;
  let attempts = 0;
  for await (const lines of readLines(createReadStream(file!))) {
    reader ??= new LineReader(choosePlan(texts(lines).slice(0, 50), basename(file!), defaultParseContext()), defaultParseContext());
    for (const line of lines) {
      const outcome = reader.read(line);
      if (outcome.kind === 'request') attempts += attemptRows(outcome.record).length;
    }
  }
  return attempts;
}

/** Stores the file once, exports its rows as the staged text the writer makes, and times their COPY alone. */
async function storeOnly(dir: string) {
  const store = await openDuckDbStore({ path: join(dir, 'source.duckdb') });
  const { id: incidentId } = await store.createIncident({ title: 'breakdown' });
  await ingestSource({ store, incidentId, name: basename(file!), body: createReadStream(file!) });
  await store.close();

  const options = `(DELIMITER '\x02', QUOTE '\x01', ESCAPE '\x01', HEADER false, NULLSTR '')`;
  const source = await DuckDBInstance.create(join(dir, 'source.duckdb'));
  const exporting = await source.connect();
  const schema: string[] = [];
  for (const table of ['requests', 'attempts']) {
    await exporting.run(`COPY (SELECT * FROM ${table}) TO '${join(dir, table)}.txt' ${options}`);
    const reader = await exporting.runAndReadAll(`SELECT sql FROM duckdb_tables() WHERE table_name = '${table}'`);
    schema.push(String(reader.getRowsJS()[0]![0]));
  }
  exporting.closeSync();
  source.closeSync();

  const target = await DuckDBInstance.create(join(dir, 'target.duckdb'), { memory_limit: '128MB' });
  const connection = await target.connect();
  for (const ddl of schema) await connection.run(ddl);
  const result = await timed(async () => {
    for (const table of ['requests', 'attempts']) await connection.run(`COPY ${table} FROM '${join(dir, table)}.txt' ${options}`);
    await connection.run('CHECKPOINT');
  });
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
