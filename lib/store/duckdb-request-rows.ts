import type { DuckDBInstance } from '@duckdb/node-api';
import type { RequestRecord } from '../formats/types';
import type { AttemptRow } from '../ingest/attempt-rows';
import { StagedTable, stagedRows, type Loader } from './duckdb-staged-copy';
import { RETRIED } from './rollups';
import type { LineSpan } from './line-archive';

/**
 * The requests of one source and their tries, staged for COPY. Each request is staged as one row together
 * with its first try, which every request has (attempt-rows.ts), and DuckDB reads that row into both tables,
 * filling in what they share (source, line, time, pool, status) and what is constant. Only the further tries
 * of a retried request are staged on their own. Against a row for each table, this halves the JavaScript
 * calls and stages a quarter fewer fields.
 */
export class RequestStage {
  private constructor(
    private readonly requests: StagedTable,
    private readonly retries: StagedTable,
  ) {}

  static async open(instance: DuckDBInstance, sourceId: number, stageRoot: string): Promise<RequestStage> {
    const requests = new StagedTable(await instance.connect(), loadStagedRequests(sourceId), stageRoot);
    const retries = new StagedTable(await instance.connect(), loadStagedRetries(sourceId), stageRoot);
    return new RequestStage(requests, retries);
  }

  /** `failed`: a request failed when any of its tries did; the top hosts and paths of failures read this alone. */
  add(lineNo: number, r: RequestRecord, tries: readonly AttemptRow[], line: LineSpan): void {
    const first = tries[0]!;
    this.requests.add(
      lineNo, r.time, r.client, r.method, r.host, r.path, r.status, r.bytes, r.requestMs, r.pool, r.attempts.length,
      r.gatewayCode, r.retries, line.block, line.at, line.bytes, tries.some((t) => t.failed), r.connection,
      first.server, first.status, first.failed, first.cause, first.responseMs, first.connectMs, first.headerMs, first.outcome,
    );
    for (let i = 1; i < tries.length; i++) {
      const a = tries[i]!;
      this.retries.add(lineNo, a.seq, r.time, r.pool, a.server, a.status, r.status, a.failed, a.cause, a.responseMs, a.connectMs, a.headerMs, a.outcome, r.host, r.path);
    }
  }

  /** Resolves once DuckDB has caught up enough for the parser to go on. */
  async ready(): Promise<void> {
    await this.requests.ready();
    await this.retries.ready();
  }

  /** Copies what is staged; the two tables' last COPYs run side by side. */
  async finish(): Promise<void> {
    await Promise.all([this.requests.finish(), this.retries.finish()]);
  }

  /** Removes the staged files and closes the connections. */
  async discard(): Promise<void> {
    await Promise.all([this.requests.discard(), this.retries.discard()]);
  }
}

/** A staged request row: the request's columns (as in the requests table), then its first try's. */
export const STAGE_COLUMNS: readonly [string, string][] = [
  ['line_no', 'BIGINT'], ['time', 'BIGINT'], ['client', 'VARCHAR'], ['method', 'VARCHAR'], ['host', 'VARCHAR'],
  ['path', 'VARCHAR'], ['status', 'VARCHAR'], ['bytes', 'BIGINT'], ['request_ms', 'DOUBLE'], ['pool', 'VARCHAR'],
  ['attempt_count', 'INTEGER'], ['gateway_code', 'VARCHAR'], ['retries', 'INTEGER'], ['raw_block', 'BIGINT'], ['raw_at', 'BIGINT'], ['raw_bytes', 'INTEGER'], ['failed', 'BOOLEAN'], ['connection', 'VARCHAR'],
  ['try_server', 'VARCHAR'], ['try_status', 'VARCHAR'], ['try_failed', 'BOOLEAN'], ['try_cause', 'VARCHAR'],
  ['try_response_ms', 'DOUBLE'], ['try_connect_ms', 'DOUBLE'], ['try_header_ms', 'DOUBLE'], ['try_outcome', 'VARCHAR'],
];

const REQUEST_COLUMNS = STAGE_COLUMNS.map(([name]) => name).filter((name) => !name.startsWith('try_'));

/** A staged further try of a retried request. */
export const RETRY_COLUMNS: readonly [string, string][] = [
  ['line_no', 'BIGINT'], ['seq', 'INTEGER'], ['time', 'BIGINT'], ['pool', 'VARCHAR'], ['server', 'VARCHAR'], ['status', 'VARCHAR'],
  ['request_status', 'VARCHAR'], ['failed', 'BOOLEAN'], ['cause', 'VARCHAR'], ['response_ms', 'DOUBLE'], ['connect_ms', 'DOUBLE'],
  ['header_ms', 'DOUBLE'], ['outcome', 'VARCHAR'], ['host', 'VARCHAR'], ['path', 'VARCHAR'],
];

/**
 * Every try goes in with the source, and with the cause the access line alone gave also as access_cause: the
 * error log may name a better one later (fuse-causes.ts). from_event false: the try is the access line's own.
 * Its request's host and path go with it, and whether the request was tried more than once: a
 * selection of requests by host, path, server or cause reads the attempts alone (rollups.ts).
 */
const insertTries = (sourceId: number, columns: string, from: string) =>
  `INSERT INTO attempts (source_id, line_no, seq, time, pool, server, status, request_status, failed, cause, response_ms,
     connect_ms, header_ms, outcome, access_cause, request_retried, host, path, from_event)
   SELECT ${Number(sourceId)}, ${columns}, host, path, false FROM ${from}`;

/**
 * How DuckDB stores one file of staged request rows: the requests, then their first tries. It reads each
 * file twice, once per table: measured faster than copying it into a temporary table and splitting that
 * (ingest of 1M nginx lines 5.7 s against 6.6 s; one staged row per table: 6.2 s).
 */
export function loadStagedRequests(sourceId: number): Loader {
  return (path) => [
    `INSERT INTO requests (source_id, ${REQUEST_COLUMNS.join(', ')})
     SELECT ${Number(sourceId)}, ${REQUEST_COLUMNS.join(', ')} FROM ${stagedRows(path, STAGE_COLUMNS)}`,
    insertTries(sourceId, `line_no, 0, time, pool, try_server, try_status, status, try_failed, try_cause, try_response_ms,
      try_connect_ms, try_header_ms, try_outcome, try_cause, coalesce(${RETRIED}, false)`, stagedRows(path, STAGE_COLUMNS)),
  ];
}

/** How DuckDB stores one file of staged further tries. */
export function loadStagedRetries(sourceId: number): Loader {
  return (path) => [
    insertTries(sourceId, 'line_no, seq, time, pool, server, status, request_status, failed, cause, response_ms, connect_ms, header_ms, outcome, cause, true', stagedRows(path, RETRY_COLUMNS)),
  ];
}
