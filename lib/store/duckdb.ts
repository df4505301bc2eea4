// First: it sets the options DuckDB's allocator reads when the native library loads.
import './duckdb-allocator';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { isoOrNull } from '../analysis/time';
import { notFound } from '../errors';
import { assembleUpstreamTables, serverBucketsOf, splitUpstreamTableRows, type ServerBucketRow, type PoolStatusRow, type UpstreamGroupRow, type UpstreamLatencyRow, type UpstreamTableRow } from './assemble';
import { migrate, ReadPool } from './duckdb-connection';
import { DuckDbDatabase, REOPEN_RETRY_MS } from './duckdb-database';
import { fuseEventCauses, readEventAttempts, resetEventAttempts, resetFusedCauses } from './fuse-causes';
import { ATTEMPT_ROLLUPS, pageHorizon, readsRawAttempts } from './rollups';
import { duckDbIncidents } from './duckdb-incidents';
import { beginDuckDbSource, deleteSourceRows, rebuildSourceRollups, sweepInterruptedSources } from './duckdb-writer';
import { IngestThreads } from './duckdb-ingest-threads';
import { OperationGate } from './operation-gate';
import { LineArchive } from './line-archive';
import { PathRollupDensity, type DensePathRollups } from './path-rollup-density';
import type { PlannedSelection, Selection } from './selection';
import { eventLines, requestLines, type AttemptDetailRow, type EventRow, type RequestRow } from './line-rows';
import { PROBE_COLUMNS, probeValues, storedProbe, type ProbeRow } from './probe-rows';
import { sourceSummary, type SourceRow } from './source-summary';
import * as sql from './sql';
import type { EventSecond, LatencyBucket, SourceTotals, Store, WizardNote } from './types';

/**
 * DuckDB's own default takes 80% of the machine's memory; an incident store must stay well within the
 * 512 MiB the whole process may use, spilling to disk beyond that. Two limits, as measured on 10M requests:
 * - while a file is stored, DUCKDB_INGEST_MEMORY_LIMIT (duckdb-ingest-threads.ts). DuckDB holds memory outside
 *   its limit while it stores rows: ingest peaked at 552 MiB with 256MB, 496-507 MiB with 128MB (the rollups
 *   built at the end read the 10M requests), 389-407 MiB with 96MB, ingest as fast. Built in one statement,
 *   the rollups of 30M lines still took an upload to 515 MiB; a million lines a statement, 425 MiB (rollups.ts);
 * - otherwise DUCKDB_MEMORY_LIMIT. It was 256MB while queries filtered by host, path or server joined attempts
 *   with requests (at 96MB a path-filtered diagnosis ran out of memory). They read the attempts alone now, and
 *   128MB answers them as fast (the upstream table, diagnosis, headline and top failures, unfiltered and by
 *   path, deeper path, server and cause, on 10M requests: within a few ms) while holding less: after those
 *   queries a process held 359 MiB instead of 396 on 10M requests, 367 instead of 498 on 30M.
 */
export const DUCKDB_MEMORY_LIMIT = '128MB';
export const DUCKDB_INGEST_MEMORY_LIMIT = '96MB';
/**
 * While migrations run: upgrading a store of 10M requests (rewriting its attempts) peaked at 531-607 MiB RSS
 * at 256MB, memory DuckDB held beyond its limit while the rows went to disk, and at 405 MiB at 128MB.
 */
export const DUCKDB_MIGRATION_MEMORY_LIMIT = '128MB';
/** Up to this many stored sources, a selection names them (PlannedSelection.sourceIds); beyond, it joins to them. */
const LISTED_SOURCES = 100;

export interface DuckDbStoreOptions {
  path: string;
  memoryLimit?: string;
  /**
   * How many lines of a source each statement that builds its rollups sums (rollups.ts); tests make it small to
   * prove that a rollup split between statements still answers exactly.
   */
  rollupLinesPerStatement?: number;
  /**
   * The store is deleted once closed (the CLI's): closing it skips DuckDB's checkpoint, which writes the
   * last changes into the database file for the next open (165 ms of the CLI's run on 1M nginx lines).
   */
  throwaway?: boolean;
  /** When a selection by host or path reads the raw rows rather than the rollups by path prefix; tests force either way. */
  densePathRollups?: DensePathRollups;
  /** Up to how many stored sources a selection names them (PlannedSelection.sourceIds); tests force the join with 0. */
  listedSources?: number;
  /** A file of at least this many parsed lines has the database reopened once it is stored (REOPEN_AFTER_LINES); tests lower it. */
  reopenAfterLines?: number;
  /** Called each time the database has been reopened; tests watch it. */
  onReopened?: () => void;
  /** Waits between tries to open the database again when a reopen cannot (REOPEN_RETRY_MS); tests shorten them. */
  reopenRetryMs?: readonly number[];
  /** Called while the database is closed for a reopen, before it is opened again; tests take its lock there. */
  onClosedForReopen?: () => Promise<void>;
}

/**
 * DuckDB reads data written by its own process more slowly than the same data once the database is reopened: a
 * string column read through a filter (the paths of the failed requests) took 59 ms just after the write and
 * 24 ms reopened, on 10M requests; the top failures 116-145 against 78-89 ms. No CHECKPOINT, VACUUM, ANALYZE or
 * emptying of its buffers changes it. So a file this large, once stored, has the database reopened for the
 * queries that follow, when no store operation is running; while another file is being stored, once that one
 * is done. Smaller files (a shipper's batches) do not: reopening costs a checkpoint and a cold cache.
 */
export const REOPEN_AFTER_LINES = 1_000_000;

export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<Store> {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const spill = spillFolder(options.path);
  const create = () => DuckDBInstance.create(options.path, {
    memory_limit: options.memoryLimit ?? DUCKDB_MEMORY_LIMIT,
    ...(spill && { temp_directory: spill }),
  });
  const database = await DuckDbDatabase.open(options.path, create);
  const { db, reader } = database;
  const archive = LineArchive.open(options.path);
  const stageRoot = stagingFolder(options.path);
  const ingestThreads = new IngestThreads(db, options.memoryLimit ?? DUCKDB_MEMORY_LIMIT, DUCKDB_INGEST_MEMORY_LIMIT);
  await db.all(`SET memory_limit = '${DUCKDB_MIGRATION_MEMORY_LIMIT}'`);
  try {
    await migrate(db);
  } finally {
    await db.all(`SET memory_limit = '${options.memoryLimit ?? DUCKDB_MEMORY_LIMIT}'`);
  }
  await sweepInterruptedSources(db, archive);
  if (options.throwaway) await db.all('PRAGMA disable_checkpoint_on_shutdown');
  const reads = new ReadPool([db, reader]);
  const gate = new OperationGate();
  // A store in memory would lose its rows, and the CLI's throwaway store is queried once and deleted.
  const reopens = options.path !== ':memory:' && !options.throwaway;
  /** A large file was stored: the database is reopened once no other file's rows are being staged on its connections. */
  let reopenWanted = false;
  const reopen = async () => {
    // Already done by an earlier turn; or a file began while this waited at the gate, and its end asks again.
    if (!reopenWanted || ingestThreads.busy) return;
    reopenWanted = false;
    await database.reopen(options.reopenRetryMs ?? REOPEN_RETRY_MS, options.onClosedForReopen);
    options.onReopened?.();
  };
  /** After a reopen that could not open the database: one more try before an operation, alone, shared by those waiting. */
  let recovering: Promise<void> | null = null;
  const recover = async () => {
    if (!database.lost) return;
    recovering ??= gate.alone(async () => {
      if (!database.lost) return; // a turn before this one opened it
      await database.recover();
      options.onReopened?.();
    }).finally(() => (recovering = null));
    await recovering;
  };
  /** A read query; writes go through `db`, one at a time. */
  const run = <T>(q: sql.Query) => reads.all<T>(q.text, q.values);
  const write = <T>(q: sql.Query) => db.all<T>(q.text, q.values);

  const incidents = duckDbIncidents(db, archive, run);
  const density = new PathRollupDensity((text, values) => reads.all(text, values), options.densePathRollups);
  /** A read by a selection, planned for the incident's rows first: its stored sources, and whether its path rollups serve. */
  const planned = <S extends Selection, R>(read: (sel: S & PlannedSelection) => Promise<R>) => async (sel: S) => {
    const sources = await reads.all<{ id: number }>("SELECT id FROM sources WHERE incident_id = $1 AND state = 'done' ORDER BY id", [sel.incidentId]);
    // An incident fed by a shipper may hold thousands of sources (a batch each): those keep the join.
    const sourceIds = sources.length <= (options.listedSources ?? LISTED_SOURCES) ? sources.map((s) => Number(s.id)) : undefined;
    return read(await density.plan({ ...sel, sourceIds }));
  };

  const store: Store = {
    engine: 'duckdb',
    ...incidents,

    async beginSource(input) {
      const leave = await ingestThreads.enter();
      try {
        const writer = await beginDuckDbSource(database.instance, db, archive, stageRoot, input, options.rollupLinesPerStatement);
        // The incident's rows change when the source is committed or dropped: its path rollups are weighed again.
        const done = <T>(run: Promise<T>) => run.finally(() => {
          density.forget();
          return leave();
        });
        // Each file's end (commit or abort) asks; not awaited: the queries that follow wait at the gate for it.
        const reopenLater = (large: boolean) => {
          reopenWanted ||= reopens && large;
          if (reopenWanted && !ingestThreads.busy) {
            gate.alone(reopen).catch((error) => console.error('gateway-lens: reopening the database failed:', error));
          }
        };
        const commit = async (totals: SourceTotals) => {
          await done(writer.commit(totals));
          reopenLater(totals.linesParsed >= (options.reopenAfterLines ?? REOPEN_AFTER_LINES));
        };
        const abort = async (error: string) => {
          try {
            return await done(writer.abort(error));
          } finally {
            reopenLater(false);
          }
        };
        return { ...writer, commit, abort };
      } catch (error) {
        await leave();
        throw error;
      }
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
      const [row] = await db.all<{ id: number }>(
        "SELECT id FROM sources WHERE incident_id = $1 AND sha256 = $2 AND state = 'done' AND id <> $3 ORDER BY id LIMIT 1",
        [incidentId, sha256, except ?? -1],
      );
      return row?.id ?? null;
    },

    async deleteSource({ incidentId, sourceId }) {
      const rows = await db.all<{ id: number }>('SELECT id FROM sources WHERE id = $1 AND incident_id = $2', [sourceId, incidentId]);
      if (rows.length === 0) throw notFound(`source ${sourceId} of incident ${incidentId}`);
      await deleteSourceRows(db, archive, sourceId, 'removed');
      await db.all('DELETE FROM sources WHERE id = $1', [sourceId]);
      await store.fuseCauses({ incidentId });
    },

    async fuseCauses({ incidentId }) {
      // One transaction: the attempts' causes and their rollups change together or not at all.
      await db.all('BEGIN TRANSACTION');
      try {
        const changed = async (queries: sql.Query[]) => {
          let rows = 0;
          for (const q of queries) rows += (await write<{ Count: number }>(q))[0]?.Count ?? 0;
          return rows > 0;
        };
        // Tries read from error entries change requests too (how many tries, whether one failed); causes only the attempts.
        const tries = await changed(resetEventAttempts(incidentId));
        const causes = await changed([resetFusedCauses(incidentId), fuseEventCauses(incidentId)]);
        const triesAgain = await changed(readEventAttempts(incidentId));
        if (tries || causes || triesAgain) {
          const sources = await db.all<{ id: number }>("SELECT id FROM sources WHERE incident_id = $1 AND state = 'done'", [incidentId]);
          // Only the attempts' rollups, when only causes changed: 500k fused into 10M requests, 2.2 -> 1.5 s (all of it 5.9 -> 5.5 s).
          await rebuildSourceRollups(db, sources.map((s) => s.id), options.rollupLinesPerStatement, tries || triesAgain ? undefined : ATTEMPT_ROLLUPS);
        }
        await db.all('COMMIT');
      } catch (error) {
        await db.all('ROLLBACK');
        throw error;
      }
      // Tries read from error entries change the requests' rollups: the incident's path rollups are weighed again.
      density.forget();
    },

    async streamFormat({ incidentId, stream }) {
      const [row] = await db.all<{ format: string }>(
        "SELECT format FROM sources WHERE incident_id = $1 AND stream = $2 AND state = 'done' ORDER BY id LIMIT 1",
        [incidentId, stream],
      );
      return row?.format ?? null;
    },

    upstreamTables: planned(async (sel) => {
      // One pass over the attempts when no rollup serves the selection; else side by side on the two read connections.
      if (readsRawAttempts(sel)) return assembleUpstreamTables(splitUpstreamTableRows(await run<UpstreamTableRow>(sql.upstreamTableRows(sel))));
      const [pools, groups, latency] = await Promise.all([
        run<PoolStatusRow>(sql.poolStatuses(sel)), run<UpstreamGroupRow>(sql.upstreamGroups(sel)), run<UpstreamLatencyRow>(sql.upstreamLatency(sel)),
      ]);
      return assembleUpstreamTables({ pools, groups, latency });
    }),

    worstServer: planned(async (sel) => {
      const [row] = await run<{ server: string }>(sql.worstServer(sel));
      return row?.server ?? null;
    }),

    headline: planned(async (sel) => {
      const [row] = await run<{
        requests: number; s502: number; s499: number; s503: number; s504: number; other5xx: number;
        first502: number | null; last502: number | null; from: number | null; to: number | null; worst_pool: string | null;
      }>(sql.headline(sel));
      const r = row!;
      return {
        requests: r.requests, s502: r.s502, s499: r.s499, s503: r.s503, s504: r.s504, other5xx: r.other5xx,
        first502: isoOrNull(r.first502), last502: isoOrNull(r.last502), from: isoOrNull(r.from), to: isoOrNull(r.to), worstPool: r.worst_pool,
      };
    }),

    series: planned(async (sel) => {
      const points = await run<{ t: number; key: string; n: number; failed: number; s502: number; s499: number; s503: number; s504: number; retried?: number }>(
        sql.series(sel, sel.bucketMs, sel.by),
      );
      return { from: sel.from ?? null, to: sel.to ?? null, bucketMs: sel.bucketMs, by: sel.by, points };
    }),

    eventSeconds: (sel) => run<EventSecond>(sql.eventSeconds(sel)),
    latencySeries: planned((sel) => run<LatencyBucket>(sql.latencySeries(sel, sel.bucketMs, sel.raw, sel.by === 'server'))),

    timeSpan: planned(async (sel) => {
      const [row] = await run<{ from: number | null; to: number | null }>(sql.timeSpan(sel));
      return row ?? { from: null, to: null };
    }),

    topFailures: planned(async (sel) => {
      const rows = await run<{ kind: 'host' | 'path' | 'prefix'; value: string | null; failed: number }>(sql.topFailures(sel, sel.limit));
      const of = (kind: 'host' | 'path' | 'prefix') => rows.filter((r) => r.kind === kind).map(({ value, failed }) => ({ value, failed }));
      return { hosts: of('host'), paths: of('path'), prefixes: of('prefix') };
    }),

    requestLines: planned(async (sel) => {
      // The rollups count requests, not failed ones: a failed-only page reads the rows from its cursor on.
      const horizon = sel.failedOnly ? null : pageHorizon(sel, sel.after?.time ?? null, sel.limit);
      const [bound] = horizon ? await run<{ horizon: number | null }>(horizon) : [];
      const to = bound?.horizon != null ? Math.min(sel.to ?? Infinity, bound.horizon) : sel.to;
      const rows = await withRawLines(archive, await run<RequestRow>(sql.requestLines({ ...sel, to }, sel.after, sel.limit, sel.failedOnly)));
      if (sel.textOnly) return { rows: requestLines(rows, []), total: 0 };
      const attempts = rows.length
        ? await run<AttemptDetailRow>(sql.attemptsOf(rows.map((r) => ({ sourceId: r.source_id, lineNo: r.line_no, time: r.time }))))
        : [];
      const [count] = await run<{ n: number }>(sel.failedOnly ? sql.failedRequestCount(sel) : sql.requestCount(sel));
      return { rows: requestLines(rows, attempts), total: count?.n ?? 0 };
    }),

    async eventLines(sel) {
      const rows = await withRawLines(archive, await run<EventRow>(sql.eventLines(sel, sel.after, sel.limit)));
      if (sel.textOnly) return { rows: eventLines(rows), total: 0 };
      const [count] = await run<{ n: number }>(sql.eventCount(sel));
      return { rows: eventLines(rows), total: count?.n ?? 0 };
    },

    async lineAt({ incidentId, sourceId, lineNo }) {
      const owned = await db.all<{ id: number }>('SELECT id FROM sources WHERE id = $1 AND incident_id = $2', [sourceId, incidentId]);
      if (owned.length === 0) return null;
      const [request] = await withRawLines(archive, await db.all<RequestRow>(
        `SELECT ${sql.REQUEST_LINE_COLUMNS} FROM requests r JOIN sources s ON s.id = r.source_id WHERE r.source_id = $1 AND r.line_no = $2`,
        [sourceId, lineNo],
      ));
      if (request) return requestLines([request], await run<AttemptDetailRow>(sql.attemptsOf([{ sourceId, lineNo, time: request.time }])))[0] ?? null;
      const [event] = await withRawLines(archive, await db.all<EventRow>(
        `SELECT ${sql.EVENT_LINE_COLUMNS} FROM gateway_events e JOIN sources s ON s.id = e.source_id WHERE e.source_id = $1 AND e.line_no = $2`,
        [sourceId, lineNo],
      ));
      return event ? (eventLines([event])[0] ?? null) : null;
    },

    windowHits: planned((sel) => run(sql.windowHits(sel, sel.windows, sel.top))),

    serverBuckets: planned(async (sel) => serverBucketsOf(await run<ServerBucketRow>(sql.serverBuckets(sel, sel.bucketMs)))),

    async knownTargets({ incidentId }) {
      const rows = await db.all<{ value: string }>(
        `WITH done AS (SELECT id FROM sources WHERE incident_id = $1 AND state = 'done')
         SELECT DISTINCT server AS value FROM attempt_seconds WHERE server IS NOT NULL AND source_id IN (SELECT id FROM done)
         UNION SELECT DISTINCT host FROM requests WHERE host IS NOT NULL AND source_id IN (SELECT id FROM done)
         UNION SELECT DISTINCT server FROM gateway_events WHERE server IS NOT NULL AND source_id IN (SELECT id FROM done)
         UNION SELECT DISTINCT target FROM probe_results WHERE incident_id = $1`,
        [incidentId],
      );
      return rows.map((r) => r.value);
    },

    async addProbeResults({ incidentId, sourceId, results }) {
      // All or nothing: a probe file half stored would draw a false "up" or "down".
      await db.all('BEGIN TRANSACTION');
      try {
        for (let i = 0; i < results.length; i += 200) {
          const chunk = results.slice(i, i + 200);
          const values = chunk.flatMap(({ line, result }) => probeValues(incidentId, sourceId, line, result));
          const width = 16;
          const rows = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
          await db.all(`INSERT INTO probe_results (${PROBE_COLUMNS}) VALUES ${rows}`, values);
        }
        await db.all('COMMIT');
      } catch (error) {
        await db.all('ROLLBACK');
        throw error;
      }
    },

    async listProbes({ incidentId, from, to, server, limit }) {
      const values: (string | number)[] = [incidentId, from ?? -(2 ** 52), to ?? 2 ** 52];
      const byServer = server === undefined ? '' : ` AND server = $${values.push(server)}`;
      const rows = await db.all<ProbeRow>(
        `SELECT * FROM probe_results WHERE incident_id = $1 AND time >= $2 AND time < $3${byServer}
           AND (source_id IS NULL OR source_id IN (SELECT id FROM sources WHERE incident_id = $1 AND state = 'done'))
         ORDER BY time, target LIMIT ${Math.min(limit ?? 20_000, 50_000)}`,
        values,
      );
      return rows.map(storedProbe);
    },

    async listWizardNotes({ incidentId }) {
      const rows = await db.all<{ step: WizardNote['step']; conclusion: WizardNote['conclusion']; note: string; author: string; updated_at: number }>(
        'SELECT step, conclusion, note, author, updated_at FROM wizard_notes WHERE incident_id = $1 ORDER BY updated_at DESC',
        [incidentId],
      );
      return rows.map((r) => ({ step: r.step, conclusion: r.conclusion, note: r.note, author: r.author, updatedAt: r.updated_at }));
    },

    async saveWizardNote({ incidentId, step, conclusion, note, author }) {
      if (!(await incidents.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
      // Every conclusion is kept, not overwritten: the report shows who concluded what, and when.
      const saved: WizardNote = { step, conclusion, note, author, updatedAt: Date.now() };
      await db.all('INSERT INTO wizard_notes VALUES ($1, $2, $3, $4, $5, $6)', [incidentId, step, conclusion, note, author, saved.updatedAt]);
      return saved;
    },

    async listAnnotations({ incidentId }) {
      const rows = await db.all<{ id: string; time: number; label: string; created_at: number }>(
        'SELECT id, time, label, created_at FROM annotations WHERE incident_id = $1 ORDER BY time',
        [incidentId],
      );
      return rows.map((r) => ({ id: r.id, time: r.time, label: r.label, createdAt: r.created_at }));
    },

    async addAnnotation({ incidentId, time, label }) {
      if (!(await incidents.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
      const annotation = { id: randomBytes(9).toString('base64url'), time, label, createdAt: Date.now() };
      await db.all('INSERT INTO annotations VALUES ($1, $2, $3, $4, $5)', [annotation.id, incidentId, time, label, annotation.createdAt]);
      return annotation;
    },

    async deleteAnnotation({ incidentId, id }) {
      const rows = await db.all<{ id: string }>('SELECT id FROM annotations WHERE id = $1 AND incident_id = $2', [id, incidentId]);
      if (rows.length === 0) throw notFound(`annotation ${id} of incident ${incidentId}`);
      await db.all('DELETE FROM annotations WHERE id = $1', [id]);
    },

    async close() {
      database.close();
      archive.close();
      if (spill) rmSync(spill, { recursive: true, force: true });
    },
  };
  return gated(store, gate, recover, () => database.assertOpen());
}

/**
 * The store whose every method runs through the gate, once the database is open (`ready`; closing needs no open
 * database). Its methods call each other on `store` itself, past the gate.
 */
function gated(store: Store, gate: OperationGate, ready: () => Promise<void>, stillOpen: () => void): Store {
  const entries = Object.entries(store).map(([name, value]) => [
    name,
    typeof value !== 'function' ? value
    : name === 'close' ? (...args: unknown[]) => gate.run(() => value.apply(store, args))
    : async (...args: unknown[]) => {
      await ready();
      // A reopen that failed while this waited at the gate: its error says why, not a closed connection's.
      return gate.run(() => (stillOpen(), value.apply(store, args)));
    },
  ]);
  return Object.fromEntries(entries) as Store;
}

/**
 * Where DuckDB spills what does not fit its memory limit: next to a database file (`<path>.tmp`, DuckDB's own
 * choice), or a folder of its own for a store in memory. DuckDB's choice there is `.tmp` in the working folder,
 * shared by every store in memory of every process, and removed by whichever closes first: the test suite's
 * stores, run side by side, failed with "Cannot open file .tmp/duckdb_temp_storage…".
 */
function spillFolder(databasePath: string): string | null {
  return databasePath === ':memory:' ? mkdtempSync(join(tmpdir(), 'gateway-lens-spill-')) : null;
}

/**
 * Where rows are staged for COPY while a file is read: a folder next to the database, emptied on open (what
 * a process that died mid-ingest left there is of no use), or the system's temporary folder for a store in memory.
 */
function stagingFolder(databasePath: string): string {
  if (databasePath === ':memory:') return tmpdir();
  const folder = `${databasePath}.stage`;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** Fills in each row's line from the archive, where the row holds its place rather than the line. */
async function withRawLines<Row extends RequestRow | EventRow>(archive: LineArchive, rows: Row[]): Promise<Row[]> {
  const archived = rows.filter((r) => r.raw === null && r.raw_block !== null && r.raw_at !== null && r.raw_bytes !== null);
  const lines = await archive.read(archived.map((r) => ({ sourceId: r.source_id, block: r.raw_block!, at: r.raw_at!, bytes: r.raw_bytes! })));
  archived.forEach((row, i) => (row.raw = lines[i] ?? null));
  return rows;
}
