import type { DuckDBAppender, DuckDBInstance } from '@duckdb/node-api';
import type { GatewayEventRecord, RequestRecord } from '../formats/types';
import type { AttemptRow } from '../ingest/attempt-rows';
import type { SerialConnection } from './duckdb-connection';
import { rebuildRollups, ROLLUP_TABLES } from './rollups';
import type { NewSource, SourceTotals, SourceWriter } from './types';

/** How many rejected lines per source keep their text; the rest are counted only. */
export const STORED_REJECTS = 100;
const REJECT_TEXT_CHARS = 300;

/** A process that died mid-ingest leaves a source in 'ingesting': remove its rows and say why. */
export async function sweepInterruptedSources(db: SerialConnection): Promise<void> {
  const stale = await db.all<{ id: number }>("SELECT id FROM sources WHERE state = 'ingesting'");
  for (const { id } of stale) await deleteSourceRows(db, id, 'ingestion was interrupted (the server stopped before the file was read to its end)');
}

export async function deleteSourceRows(db: SerialConnection, sourceId: number, error: string): Promise<void> {
  for (const table of ['requests', 'attempts', 'source_rejects', 'gateway_events', 'probe_results', ...ROLLUP_TABLES]) {
    await db.all(`DELETE FROM ${table} WHERE source_id = $1`, [sourceId]);
  }
  await db.all("UPDATE sources SET state = 'failed', error = $2 WHERE id = $1", [sourceId, error]);
}

export async function beginDuckDbSource(instance: DuckDBInstance, db: SerialConnection, input: NewSource): Promise<SourceWriter> {
  const [{ id: sourceId }] = (await db.all<{ id: number }>("SELECT nextval('source_ids') AS id")) as [{ id: number }];
  await db.all(
    "INSERT INTO sources (id, incident_id, name, format, gateway, stream, state, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'ingesting', $7)",
    [sourceId, input.incidentId, input.name, input.format, input.gateway, input.stream, BigInt(Date.now())],
  );
  // A connection of its own: appenders write while the shared connection keeps answering queries.
  const connection = await instance.connect();
  const requests = await connection.createAppender('requests');
  const attempts = await connection.createAppender('attempts');
  const rejects = await connection.createAppender('source_rejects');
  const events = await connection.createAppender('gateway_events');
  let storedRejects = 0;

  const closeAll = () => {
    for (const appender of [requests, attempts, rejects, events]) appender.closeSync();
    connection.closeSync();
  };

  return {
    sourceId,
    appendRequest(lineNo, record, rows, raw) {
      appendRequestRow(requests, sourceId, lineNo, record, raw, rows.some((row) => row.failed));
      for (const row of rows) appendAttemptRow(attempts, sourceId, lineNo, record, row);
    },
    appendEvent(lineNo, event, raw) {
      appendEventRow(events, sourceId, lineNo, event, raw);
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
      closeAll();
      // The rollups before the source is done: a done source is always counted whole.
      for (const q of rebuildRollups([sourceId])) await db.all(q.text, q.values);
      await db.all(
        `UPDATE sources SET state = 'done', bytes = $2, sha256 = $3, lines_total = $4, lines_parsed = $5,
           lines_rejected = $6, first_time = $7, last_time = $8, lines_foreign = $9, events = $10, confidence = $11,
           envelope = $12, formats = $13, notes = $14, lines_joined = $15, progress_at = $16 WHERE id = $1`,
        [
          sourceId, BigInt(totals.bytes), totals.sha256, BigInt(totals.linesTotal), BigInt(totals.linesParsed),
          BigInt(totals.linesRejected), totals.from === null ? null : BigInt(totals.from), totals.to === null ? null : BigInt(totals.to),
          BigInt(totals.linesForeign), BigInt(totals.events), totals.confidence, totals.envelope, JSON.stringify(totals.formats),
          totals.notes, BigInt(totals.linesJoined), BigInt(Date.now()),
        ],
      );
    },
    async abort(error: string) {
      try {
        closeAll();
      } finally {
        await deleteSourceRows(db, sourceId, error);
      }
    },
  };
}

function varcharOrNull(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

function doubleOrNull(appender: DuckDBAppender, value: number | null): void {
  if (value === null) appender.appendNull();
  else appender.appendDouble(value);
}

function appendEventRow(appender: DuckDBAppender, sourceId: number, lineNo: number, e: GatewayEventRecord, raw: string): void {
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
  appender.appendVarchar(raw);
  varcharOrNull(appender, e.status ?? null);
  appender.endRow();
}

function appendRequestRow(appender: DuckDBAppender, sourceId: number, lineNo: number, r: RequestRecord, raw: string, failed: boolean): void {
  appender.appendInteger(sourceId);
  appender.appendBigInt(BigInt(lineNo));
  appender.appendBigInt(BigInt(r.time));
  varcharOrNull(appender, r.client);
  varcharOrNull(appender, r.method);
  varcharOrNull(appender, r.host);
  varcharOrNull(appender, r.path);
  appender.appendVarchar(r.status);
  if (r.bytes === null) appender.appendNull();
  else appender.appendBigInt(BigInt(r.bytes));
  doubleOrNull(appender, r.requestMs);
  varcharOrNull(appender, r.pool);
  appender.appendInteger(r.attempts.length);
  varcharOrNull(appender, r.gatewayCode ?? null);
  if (r.retries === null || r.retries === undefined) appender.appendNull();
  else appender.appendInteger(r.retries);
  varcharOrNull(appender, r.requestId ?? null);
  varcharOrNull(appender, r.userAgent ?? null);
  appender.appendVarchar(raw);
  // A request failed when any of its attempts did: the top hosts and paths of failures read this alone.
  appender.appendBoolean(failed);
  varcharOrNull(appender, r.connection ?? null);
  appender.endRow();
}

function appendAttemptRow(appender: DuckDBAppender, sourceId: number, lineNo: number, r: RequestRecord, a: AttemptRow): void {
  appender.appendInteger(sourceId);
  appender.appendBigInt(BigInt(lineNo));
  appender.appendInteger(a.seq);
  appender.appendBigInt(BigInt(r.time));
  varcharOrNull(appender, r.pool);
  varcharOrNull(appender, a.server);
  varcharOrNull(appender, a.status);
  appender.appendVarchar(r.status);
  appender.appendBoolean(a.failed);
  varcharOrNull(appender, a.cause);
  doubleOrNull(appender, a.responseMs);
  doubleOrNull(appender, a.connectMs);
  doubleOrNull(appender, a.headerMs);
  varcharOrNull(appender, a.outcome);
  // The cause the access line alone gave; the error log may name a better one later (see fuse-causes).
  varcharOrNull(appender, a.cause);
  appender.appendNull();
  appender.appendNull();
  appender.appendBoolean(false); // from_event: this try is the access line's own
  appender.endRow();
}
