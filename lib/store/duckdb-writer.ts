import type { DuckDBAppender, DuckDBInstance } from '@duckdb/node-api';
import { RequestStage } from './duckdb-request-rows';
import type { GatewayEventRecord } from '../formats/types';
import type { SerialConnection } from './duckdb-connection';
import type { LineArchive, LineSpan } from './line-archive';
import { lastLines, rebuildRollups, ROLLUP_TABLES, type RollupTable } from './rollups';
import type { NewSource, SourceTotals, SourceWriter } from './types';

/** How many rejected lines per source keep their text; the rest are counted only. */
export const STORED_REJECTS = 100;
const REJECT_TEXT_CHARS = 300;

/** A process that died mid-ingest leaves a source in 'ingesting': remove its rows and say why. */
export async function sweepInterruptedSources(db: SerialConnection, archive: LineArchive): Promise<void> {
  const stale = await db.all<{ id: number }>("SELECT id FROM sources WHERE state = 'ingesting'");
  for (const { id } of stale) await deleteSourceRows(db, archive, id, 'ingestion was interrupted (the server stopped before the file was read to its end)');
}

export async function deleteSourceRows(db: SerialConnection, archive: LineArchive, sourceId: number, error: string): Promise<void> {
  for (const table of ['requests', 'attempts', 'source_rejects', 'gateway_events', 'probe_results', ...ROLLUP_TABLES]) {
    await db.all(`DELETE FROM ${table} WHERE source_id = $1`, [sourceId]);
  }
  await db.all("UPDATE sources SET state = 'failed', error = $2 WHERE id = $1", [sourceId, error]);
  // Last: rows the database could not remove still find their lines.
  archive.remove(sourceId);
}

/** Rebuilds the given rollups (all by default) of the given sources from their rows, `linesPerStatement` lines at a time (rollups.ts). */
export async function rebuildSourceRollups(
  db: SerialConnection, sourceIds: readonly number[], linesPerStatement?: number, tables?: readonly RollupTable[],
): Promise<void> {
  const last = lastLines(sourceIds);
  const lines = await db.all<{ id: number; last_line: number }>(last.text, last.values);
  for (const q of rebuildRollups(sourceIds, lines, linesPerStatement, tables)) await db.all(q.text, q.values);
}

export async function beginDuckDbSource(
  instance: DuckDBInstance, db: SerialConnection, archive: LineArchive, stageRoot: string, input: NewSource, rollupLinesPerStatement?: number,
): Promise<SourceWriter> {
  const [{ id: sourceId }] = (await db.all<{ id: number }>("SELECT nextval('source_ids') AS id")) as [{ id: number }];
  await db.all(
    "INSERT INTO sources (id, incident_id, name, format, gateway, stream, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'ingesting', $7)",
    [sourceId, input.incidentId, input.name, input.format, input.gateway, input.stream, BigInt(Date.now())],
  );
  // Connections of their own: rows are written while the shared connection keeps answering queries.
  const connection = await instance.connect();
  const requests = await RequestStage.open(instance, sourceId, stageRoot);
  const rejects = await connection.createAppender('source_rejects');
  const events = await connection.createAppender('gateway_events');
  const lines = archive.writer(sourceId);
  let storedRejects = 0;

  const closeAll = () => {
    for (const appender of [rejects, events]) appender.closeSync();
    connection.closeSync();
  };

  return {
    sourceId,
    appendRequest(lineNo, record, rows, raw) {
      requests.add(lineNo, record, rows, lines.append(raw));
    },
    ready: async () => {
      await requests.ready();
      await lines.ready();
    },
    appendEvent(lineNo, event, raw) {
      appendEventRow(events, sourceId, lineNo, event, lines.append(raw));
    },
    async progress(p) {
      await db.all(
        'UPDATE sources SET lines_total = $2, lines_parsed = $3, lines_rejected = $4, lines_foreign = $5, bytes = $6, progress_at = $7 WHERE id = $1',
        [sourceId, BigInt(p.total), BigInt(p.parsed), BigInt(p.rejected), BigInt(p.foreign), BigInt(p.bytes), BigInt(Date.now())],
      );
    },
    addReject(lineNo, reason, text) {
      if (storedRejects >= STORED_REJECTS) return;
      storedRejects++;
      rejects.appendInteger(sourceId);
      rejects.appendBigInt(BigInt(lineNo));
      rejects.appendVarchar(reason);
      rejects.appendVarchar(text.length > REJECT_TEXT_CHARS ? text.slice(0, REJECT_TEXT_CHARS) + '…' : text);
      rejects.endRow();
    },
    async commit(totals: SourceTotals) {
      await requests.finish();
      await requests.discard();
      closeAll();
      await lines.finish();
      // The rollups before the source is done: a done source is always counted whole.
      await rebuildSourceRollups(db, [sourceId], rollupLinesPerStatement);
      await db.all(
        `UPDATE sources SET state = 'done', bytes = $2, sha256 = $3, lines_total = $4, lines_parsed = $5,
           lines_rejected = $6, first_time = $7, last_time = $8, lines_foreign = $9, events = $10, confidence = $11,
           envelope = $12, formats = $13, notes = $14, lines_joined = $15, progress_at = $16, lines_outside = $17 WHERE id = $1`,
        [
          sourceId, BigInt(totals.bytes), totals.sha256, BigInt(totals.linesTotal), BigInt(totals.linesParsed),
          BigInt(totals.linesRejected), totals.from === null ? null : BigInt(totals.from), totals.to === null ? null : BigInt(totals.to),
          BigInt(totals.linesForeign), BigInt(totals.events), totals.confidence, totals.envelope, JSON.stringify(totals.formats),
          totals.notes, BigInt(totals.linesJoined), BigInt(Date.now()), BigInt(totals.linesOutside),
        ],
      );
    },
    async abort(error: string) {
      try {
        await requests.discard();
        closeAll();
      } finally {
        // Where the rows stay (the database could not be opened again), so do their lines: closed, with their index.
        await deleteSourceRows(db, archive, sourceId, error).then(
          () => lines.discard(),
          async (failure: unknown) => {
            await lines.finish();
            throw failure;
          },
        );
      }
    },
  };
}

function varcharOrNull(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function appendEventRow(appender: DuckDBAppender, sourceId: number, lineNo: number, e: GatewayEventRecord, line: LineSpan): void {
  appender.appendInteger(sourceId);
  appender.appendBigInt(BigInt(lineNo));
  appender.appendBigInt(BigInt(e.time));
  varcharOrNull(appender, e.level);
  appender.appendVarchar(e.message);
  varcharOrNull(appender, e.cause);
  varcharOrNull(appender, e.server);
  varcharOrNull(appender, e.upstreamUrl ?? null);
  varcharOrNull(appender, e.client);
  varcharOrNull(appender, e.request);
  varcharOrNull(appender, e.host);
  varcharOrNull(appender, e.connection ?? null);
  appender.appendNull(); // raw: kept in the source's line archive (raw_at, raw_bytes)
  varcharOrNull(appender, e.status ?? null);
  appender.appendBigInt(BigInt(line.at));
  appender.appendInteger(line.bytes);
  appender.appendBigInt(BigInt(line.block));
  appender.endRow();
}
