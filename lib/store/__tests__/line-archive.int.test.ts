import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { getLines } from '../../incidents';
import { openDuckDbStore } from '../duckdb';
import { LineArchive } from '../line-archive';

const corpus = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server');
/** A source's archive: its compressed blocks and their index. */
const files = (...ids: number[]) => ids.flatMap((id) => [`${id}.blocks`, `${id}.index`]).sort();
const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-archive-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** nginx combined lines plus the upstream fields; user agents with multi-byte characters shift every byte offset. */
function accessLog(lines: number): string[] {
  return Array.from({ length: lines }, (_, i) => {
    const status = i % 7 === 3 ? 502 : 200;
    const agent = i % 5 === 0 ? `agent-${i}-é中😀` : `agent-${i}`;
    return `10.0.0.${i % 250} - - [25/Nov/2026:00:00:${String(i % 60).padStart(2, '0')} +0000] "GET /api/item/${i} HTTP/1.1" ${status} 12 "-" "${agent}" 0.00${i % 9} 127.0.0.1:8080 ${status} 0.00${i % 9} 0.000 0.00${i % 9} api`;
  });
}

const ingest = (store: Awaited<ReturnType<typeof openDuckDbStore>>, incidentId: string, name: string, text: string) =>
  ingestSource({ store, incidentId, name, body: Readable.from([Buffer.from(text)]), format: 'nginx_upstream_timed' });

async function allLines(store: Awaited<ReturnType<typeof openDuckDbStore>>, incidentId: string, kind: 'requests' | 'events' = 'requests') {
  const rows = [];
  let after: string | undefined;
  do {
    const page = await getLines(store, { incidentId, kind, limit: 500, after });
    rows.push(...page.rows);
    after = page.next ?? undefined;
  } while (after);
  return rows;
}

describe('raw lines kept in compressed blocks per source, read back a page at a time', () => {
  const path = join(dir, 'gateway-lens.duckdb');
  const lines = accessLog(2345);

  it('gives back every stored line exactly, multi-byte characters included, after the store is reopened', async () => {
    let store = await openDuckDbStore({ path });
    const { id: incidentId } = await store.createIncident({ title: 'archive' });
    // A rejected line in the middle: line numbers and offsets must not drift past it.
    const text = [...lines.slice(0, 1000), 'not a log line at all', ...lines.slice(1000)].join('\n') + '\n';
    await ingest(store, incidentId, 'access.log', text);
    await store.close();

    store = await openDuckDbStore({ path });
    const rows = await allLines(store, incidentId);
    expect(rows).toHaveLength(lines.length);
    const fileLines = text.split('\n');
    for (const row of rows) expect(row.kind === 'request' && row.raw).toBe(fileLines[row.line - 1]);
    await store.close();
  });

  it('gives back every error-log line exactly, from a real nginx error log, and the event a request links to', async () => {
    const store = await openDuckDbStore({ path: join(dir, 'events.duckdb') });
    const { id: incidentId } = await store.createIncident({ title: 'events' });
    const errorLog = readFileSync(join(corpus, 'error.log'), 'utf8');
    await ingestSource({ store, incidentId, name: 'error.log', body: Readable.from([Buffer.from(errorLog)]), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    const fileLines = errorLog.split('\n');
    const events = await allLines(store, incidentId, 'events');
    expect(events.length).toBeGreaterThan(100);
    for (const event of events) expect(event.raw).toBe(fileLines[event.line - 1]);
    const one = await store.lineAt({ incidentId, sourceId: events[7]!.sourceId, lineNo: events[7]!.line });
    expect(one?.raw).toBe(fileLines[events[7]!.line - 1]);
    await store.close();
  });

  it('removes a source’s lines with the source, and keeps none of a source that failed', async () => {
    const store = await openDuckDbStore({ path: join(dir, 'removal.duckdb') });
    const archiveDir = join(dir, 'removal.duckdb.lines');
    const { id: incidentId } = await store.createIncident({ title: 'removal' });
    const kept = await ingest(store, incidentId, 'a.log', lines.slice(0, 50).join('\n'));
    const removed = await ingest(store, incidentId, 'b.log', lines.slice(50, 90).join('\n'));
    expect(readdirSync(archiveDir).sort()).toEqual(files(kept.id, removed.id));

    await store.deleteSource({ incidentId, sourceId: removed.id });
    expect(readdirSync(archiveDir).sort()).toEqual(files(kept.id));

    // The same bytes again: refused as a duplicate, and its archive goes with it.
    const duplicate = await ingest(store, incidentId, 'a-again.log', lines.slice(0, 50).join('\n'));
    expect(duplicate.duplicateOf).toBe(kept.id);
    expect(readdirSync(archiveDir).sort()).toEqual(files(kept.id));

    await store.deleteIncident({ id: incidentId });
    expect(readdirSync(archiveDir)).toEqual([]);
    await store.close();
  });

  it('reads lines across blocks closed by size as well as by count, in any order, and none of a source it does not hold', async () => {
    const archive = LineArchive.open(':memory:');
    const writer = archive.writer(1);
    // 60 KB lines close a block every few lines; short ones every 1000.
    const texts = Array.from({ length: 2500 }, (_, i) => (i % 300 < 12 ? `${i} ` + 'é'.repeat(30_000) : `line ${i} ü`));
    const spans = texts.map((text) => writer.append(text));
    await writer.finish();
    expect(new Set(spans.map((s) => s.block)).size).toBeGreaterThan(10);
    expect(await archive.read([...spans].reverse())).toEqual([...texts].reverse());

    expect(await archive.read([{ sourceId: 3, block: 0, at: 0, bytes: 4 }])).toEqual([null]);
    archive.close();
  });

  it('keeps an in-memory store’s lines in a temporary folder that goes on close', async () => {
    const archive = LineArchive.open(':memory:');
    const writer = archive.writer(1);
    writer.append(lines[0]!);
    await writer.finish();
    expect(readdirSync(archive.dir).sort()).toEqual(files(1));
    archive.close();
    expect(existsSync(archive.dir)).toBe(false);
  });

  it('stages rows next to the database, not in /tmp, leaves nothing there, and clears what a dead process left', async () => {
    const path = join(dir, 'staging.duckdb');
    const stage = `${path}.stage`;
    let store = await openDuckDbStore({ path });
    const { id: incidentId } = await store.createIncident({ title: 'staging' });
    mkdirSync(join(stage, 'stage-left-by-a-crash'));
    writeFileSync(join(stage, 'stage-left-by-a-crash', 'requests-0.txt'), 'half a file');
    await store.close();

    store = await openDuckDbStore({ path });
    expect(readdirSync(stage)).toEqual([]);
    // What the stage folder holds while the file is being read: one folder per staged table.
    let during: string[] = [];
    async function* body() {
      yield Buffer.from(lines.slice(0, 200).join('\n') + '\n');
      during = readdirSync(stage);
      yield Buffer.from(lines.slice(200, 300).join('\n'));
    }
    await ingestSource({ store, incidentId, name: 'a.log', body: body(), format: 'nginx_upstream_timed' });
    expect(during).toHaveLength(2);
    expect(readdirSync(stage)).toEqual([]);
    expect((await getLines(store, { incidentId, kind: 'requests', limit: 1 })).total).toBe(300);
    await store.close();
  });
});
