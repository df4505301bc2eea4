import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBAppender, DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import type { SourceSummary } from '../analysis/schema';
import type { GatewayEventRecord, RequestRecord } from '../formats/types';
import type { AttemptRow } from '../ingest/attempt-rows';
import { notFound } from '../errors';
import { migrations } from './migrations';
import { isoOrNull } from '../analysis/time';
import { assembleUpstreamTables, type PoolStatusRow, type UpstreamCauseRow, type UpstreamStatusRow, type UpstreamTotalsRow } from './assemble';
import * as sql from './sql';
import type { Incident, IncidentListItem, NewSource, RangeFilter, SourceTotals, SourceWriter, Store } from './types';

/** How many rejected lines per source keep their text; the rest are counted only. */
export const STORED_REJECTS = 100;
const REJECT_TEXT_CHARS = 300;
const FAR_PAST = -(2n ** 62n);
const FAR_FUTURE = 2n ** 62n;

type Row = Record<string, unknown>;

/** Big integers from DuckDB become JS numbers: counts and epoch ms fit well within 2^53. */
function plain(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? Number(value) : value;
  return out;
}

/**
 * Serialises statements on one connection: route handlers run concurrently, and one connection
 * runs one statement at a time.
 */
class SerialConnection {
  private tail: Promise<unknown> = Promise.resolve();
  constructor(readonly connection: DuckDBConnection) {}

  all<T>(text: string, values: DuckDBValue[] = []): Promise<T[]> {
    const run = this.tail.then(async () => {
      const reader = await this.connection.runAndReadAll(text, values);
      return reader.getRowObjectsJS().map((row) => plain(row as Row) as T);
    });
    this.tail = run.catch(() => undefined);
    return run;
  }
}

const range = (filter: RangeFilter): DuckDBValue[] => [
  filter.incidentId,
  filter.from === undefined ? FAR_PAST : BigInt(filter.from),
  filter.to === undefined ? FAR_FUTURE : BigInt(filter.to),
];

/**
 * DuckDB's own default takes 80% of the machine's memory; an incident store must stay well within the
 * 512 MiB the whole process may use, spilling to disk beyond that.
 */
export const DUCKDB_MEMORY_LIMIT = '256MB';

export async function openDuckDbStore(options: { path: string; memoryLimit?: string }): Promise<Store> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const instance = await DuckDBInstance.create(options.path, { memory_limit: options.memoryLimit ?? DUCKDB_MEMORY_LIMIT });
  const db = new SerialConnection(await instance.connect());
  await migrate(db);
  await sweepInterruptedSources(db);

  const store: Store = {
    engine: 'duckdb',

    async createIncident({ title }) {
      // The id is the capability in a shared link: 128 random bits, URL-safe.
      const incident: Incident = { id: randomBytes(16).toString('base64url'), title, createdAt: Date.now() };
      await db.all('INSERT INTO incidents VALUES ($1, $2, $3)', [incident.id, incident.title, BigInt(incident.createdAt)]);
      return incident;
    },

    async getIncident({ id }) {
      const rows = await db.all<{ id: string; title: string; created_at: number }>(
        'SELECT id, title, created_at FROM incidents WHERE id = $1',
        [id],
      );
      const row = rows[0];
      return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
    },

    async listIncidents() {
      const rows = await db.all<{
        id: string; title: string; created_at: number; requests: number; count502: number;
        from: number | null; to: number | null; worst_server: string | null;
      }>(sql.incidentListSql);
      return rows.map((r): IncidentListItem => ({
        id: r.id, title: r.title, createdAt: r.created_at, requests: r.requests, count502: r.count502,
        from: r.from, to: r.to, worstServer: r.worst_server,
      }));
    },

    async beginSource(input) {
      return beginDuckDbSource(instance, db, input);
    },

    async listSources({ incidentId }) {
      const rows = await db.all<SourceRow>('SELECT * FROM sources WHERE incident_id = $1 ORDER BY id', [incidentId]);
      const rejects = await db.all<{ source_id: number; line_no: number; reason: string; text: string }>(
        `SELECT source_id, line_no, reason, text FROM source_rejects
         WHERE source_id IN (SELECT id FROM sources WHERE incident_id = $1) ORDER BY source_id, line_no`,
        [incidentId],
      );
      return rows.map((r) => sourceSummary(r, rejects.filter((j) => j.source_id === r.id)));
    },

    async findSourceBySha256({ incidentId, sha256, except }) {
      const rows = await db.all<{ id: number }>(
        "SELECT id FROM sources WHERE incident_id = $1 AND sha256 = $2 AND state = 'done' AND id <> $3 ORDER BY id LIMIT 1",
        [incidentId, sha256, except ?? -1],
      );
      return rows[0]?.id ?? null;
    },

    async deleteSource({ incidentId, sourceId }) {
      const rows = await db.all<{ id: number }>('SELECT id FROM sources WHERE id = $1 AND incident_id = $2', [sourceId, incidentId]);
      if (rows.length === 0) throw notFound(`source ${sourceId} of incident ${incidentId}`);
      await deleteSourceRows(db, sourceId, 'removed');
      await db.all('DELETE FROM sources WHERE id = $1', [sourceId]);
    },

    async streamFormat({ incidentId, stream }) {
      const rows = await db.all<{ format: string }>(
        "SELECT format FROM sources WHERE incident_id = $1 AND stream = $2 AND state = 'done' ORDER BY id LIMIT 1",
        [incidentId, stream],
      );
      return rows[0]?.format ?? null;
    },

    async upstreamTables(filter) {
      const values = range(filter);
      return assembleUpstreamTables({
        pools: await db.all<PoolStatusRow>(sql.poolStatusesSql, values),
        statuses: await db.all<UpstreamStatusRow>(sql.upstreamStatusesSql, values),
        outcomes: await db.all<UpstreamStatusRow>(sql.upstreamOutcomesSql, values),
        causes: await db.all<UpstreamCauseRow>(sql.upstreamCausesSql, values),
        totals: await db.all<UpstreamTotalsRow>(sql.upstreamTotalsSql, values),
      });
    },

    async series(filter) {
      const points = await db.all<{ t: number; pool: string | null; server: string | null; attempts: number; failed: number; s502: number }>(
        sql.seriesSql,
        [...range(filter), BigInt(filter.bucketMs)],
      );
      return { from: filter.from ?? null, to: filter.to ?? null, bucketMs: filter.bucketMs, points };
    },

    async timeSpan(filter) {
      const rows = await db.all<{ from: number | null; to: number | null }>(sql.timeSpanSql, range(filter));
      return rows[0] ?? { from: null, to: null };
    },

    async close() {
      db.connection.closeSync();
      instance.closeSync();
    },
  };
  return store;
}

async function migrate(db: SerialConnection): Promise<void> {
  await db.all('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at BIGINT)');
  const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.all('BEGIN TRANSACTION');
    try {
      await db.all(migration.sql);
      await db.all('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [migration.version, migration.name, BigInt(Date.now())]);
      await db.all('COMMIT');
    } catch (error) {
      await db.all('ROLLBACK');
      throw error;
    }
  }
}

/** A process that died mid-ingest leaves a source in 'ingesting': remove its rows and say why. */
async function sweepInterruptedSources(db: SerialConnection): Promise<void> {
  const stale = await db.all<{ id: number }>("SELECT id FROM sources WHERE state = 'ingesting'");
  for (const { id } of stale) await deleteSourceRows(db, id, 'ingestion was interrupted (the server stopped before the file was read to its end)');
}

async function deleteSourceRows(db: SerialConnection, sourceId: number, error: string): Promise<void> {
  for (const table of ['requests', 'attempts', 'source_rejects', 'gateway_events']) {
    await db.all(`DELETE FROM ${table} WHERE source_id = $1`, [sourceId]);
  }
  await db.all("UPDATE sources SET state = 'failed', error = $2 WHERE id = $1", [sourceId, error]);
}

async function beginDuckDbSource(instance: DuckDBInstance, db: SerialConnection, input: NewSource): Promise<SourceWriter> {
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
    appendRequest(lineNo, record, rows) {
      appendRequestRow(requests, sourceId, lineNo, record);
      for (const row of rows) appendAttemptRow(attempts, sourceId, lineNo, record, row);
    },
    appendEvent(lineNo, event) {
      appendEventRow(events, sourceId, lineNo, event);
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

interface SourceRow {
  id: number; name: string; format: string | null; gateway: string | null; state: 'ingesting' | 'done' | 'failed';
  error: string | null; bytes: number | null; sha256: string | null; lines_total: number | null;
  lines_parsed: number | null; lines_rejected: number | null; lines_foreign: number | null; lines_joined: number | null;
  first_time: number | null; last_time: number | null; confidence: number | null; envelope: string | null;
  formats: string | null; events: number | null; notes: string | null; stream: string | null;
  created_at: number; progress_at: number | null;
}

function sourceSummary(r: SourceRow, rejects: { line_no: number; reason: string; text: string }[]): SourceSummary {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    gateway: r.gateway,
    lines: {
      total: r.lines_total ?? 0, parsed: r.lines_parsed ?? 0, rejected: r.lines_rejected ?? 0,
      foreign: r.lines_foreign ?? 0, joined: r.lines_joined ?? 0,
    },
    from: isoOrNull(r.first_time),
    to: isoOrNull(r.last_time),
    state: r.state,
    error: r.error,
    bytes: r.bytes ?? 0,
    sha256: r.sha256 ?? '',
    rejects: rejects.map((j) => ({ line: j.line_no, reason: j.reason, text: j.text })),
    confidence: r.confidence,
    envelope: r.envelope,
    formats: r.formats ? (JSON.parse(r.formats) as Record<string, number>) : {},
    events: r.events ?? 0,
    notes: r.notes,
    stream: r.stream,
    bytesPerSecond: r.progress_at && r.bytes && r.progress_at > r.created_at ? Math.round((r.bytes * 1000) / (r.progress_at - r.created_at)) : null,
  };
}

function appendEventRow(appender: DuckDBAppender, sourceId: number, lineNo: number, e: GatewayEventRecord): void {
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
  appender.endRow();
}

function appendRequestRow(appender: DuckDBAppender, sourceId: number, lineNo: number, r: RequestRecord): void {
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
  appender.endRow();
}
