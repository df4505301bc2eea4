import type { EventLine, RequestLine } from '../analysis/schema';

/** Rows as the engines return them (snake case, epoch ms), turned into the API's line objects. */
export interface RequestRow {
  time: number; source_id: number; source: string; line_no: number; status: string; method: string | null;
  host: string | null; path: string | null; pool: string | null; request_ms: number | null; gateway_code: string | null;
  client: string | null; raw: string | null;
  /** Where the line is in its source's archive (rows stored before the archive have `raw` instead). */
  raw_block: number | null; raw_at: number | null; raw_bytes: number | null;
}

export interface AttemptDetailRow {
  source_id: number; line_no: number; seq: number; server: string | null; status: string | null; outcome: string | null;
  failed: boolean; cause: string | null; response_ms: number | null;
}

export interface EventRow {
  time: number; source_id: number; source: string; line_no: number; level: string | null; message: string;
  cause: string | null; server: string | null; client: string | null; request: string | null; host: string | null; raw: string | null;
  raw_block: number | null; raw_at: number | null; raw_bytes: number | null;
}

export function requestLines(rows: readonly RequestRow[], attempts: readonly AttemptDetailRow[]): RequestLine[] {
  const byRequest = new Map<string, RequestLine['attempts']>();
  for (const a of attempts) {
    const key = `${a.source_id}:${a.line_no}`;
    const list = byRequest.get(key) ?? [];
    list.push({ seq: a.seq, server: a.server, status: a.status, outcome: a.outcome, failed: a.failed, cause: a.cause, responseMs: a.response_ms });
    byRequest.set(key, list);
  }
  return rows.map((r) => ({
    kind: 'request',
    time: new Date(r.time).toISOString(),
    source: r.source,
    sourceId: r.source_id,
    line: r.line_no,
    status: r.status,
    method: r.method,
    host: r.host,
    path: r.path,
    pool: r.pool,
    client: r.client,
    requestMs: r.request_ms,
    gatewayCode: r.gateway_code,
    attempts: byRequest.get(`${r.source_id}:${r.line_no}`) ?? [],
    raw: r.raw,
  }));
}

export function eventLines(rows: readonly EventRow[]): EventLine[] {
  return rows.map((e) => ({
    kind: 'event',
    time: new Date(e.time).toISOString(),
    source: e.source,
    sourceId: e.source_id,
    line: e.line_no,
    level: e.level,
    message: e.message,
    cause: e.cause,
    server: e.server,
    client: e.client,
    request: e.request,
    host: e.host,
    raw: e.raw,
  }));
}
