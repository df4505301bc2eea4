import { Params, pathPrefixServes, whereAttempts, whereRequests, type PlannedSelection, type Selection } from './selection';
import type { Query } from './sql';

/**
 * Rollups: what the dashboard counts, summed at ingest per second (requests, attempts) and per minute
 * (latency histograms), so an incident of ten million requests is answered from thousands of rows.
 *
 * A selection's time range is split into an aligned core, read from the rollups, and the edges before
 * and after it, read from the raw rows: answers are exact whatever `from` and `to` are. A selection by host
 * or path reads rollups keyed also by host and path prefix (the path's first two segments), which answer
 * exactly any path the prefix decides (pathPrefixServes); their column `path` holds the prefix. Selections no
 * rollup keys on (a longer path; requests having an attempt of a given server or cause) read the raw rows
 * only, and each attempt carries its request's host and path so that they read no other table. Either way
 * queries see the same columns plus `n` (rows summed), `first` and `last`.
 */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60_000;

/** Latency buckets: ln(1 + ms) * 40, each about 2.5% wide, so percentiles are within that of exact. */
export const LATENCY_BUCKETS_PER_E = 40;
export const latencyBucketSql = (column: string) => `CAST(floor(ln(1 + greatest(${column}, 0)) * ${LATENCY_BUCKETS_PER_E}) AS INTEGER)`;
/** The middle of a bucket, in ms. */
export const latencyOfBucket = (bucket: number) => Math.exp((bucket + 0.5) / LATENCY_BUCKETS_PER_E) - 1;

const sources = (ids: Params, sourceIds: readonly number[]) => `(${sourceIds.map((id) => ids.add(id)).join(', ') || 'NULL'})`;

/**
 * Lines of a source summed per statement when its rollups are built: DuckDB then groups a million lines at a
 * time, however long the file. Built in one statement, the groups of 30M lines took the server to 515 MiB at
 * the end of the upload. A second whose lines fall in two statements is two rows of a rollup, which every
 * reader sums. Summing each staged file into the rollups as soon as DuckDB had stored it, while the parser went
 * on, was measured too: no faster (two A/B runs of 6 on 1M lines: wall 0.97x and 1.01x), 24 MiB more at peak.
 */
export const ROLLUP_LINES_PER_STATEMENT = 1_000_000;

/** The highest line number of each source that has requests, as (id, last_line): what rebuildRollups splits. */
export function lastLines(sourceIds: readonly number[]): Query {
  const p = new Params();
  return { text: `SELECT source_id AS id, max(line_no) AS last_line FROM requests WHERE source_id IN ${sources(p, sourceIds)} GROUP BY 1`, values: p.values };
}

/**
 * Statements that (re)build the given rollups (all by default) of the given sources from their raw rows,
 * `linesPerStatement` lines at a time.
 */
export function rebuildRollups(
  sourceIds: readonly number[], lines: readonly { id: number; last_line: number }[], linesPerStatement = ROLLUP_LINES_PER_STATEMENT,
  tables: readonly RollupTable[] = ROLLUP_TABLES,
): Query[] {
  const statement = (build: (p: Params, where: string) => string, where: (p: Params) => string): Query => {
    const p = new Params();
    const text = build(p, where(p));
    return { text, values: p.values };
  };
  const deletes = tables.map((table) => statement((_, where) => `DELETE FROM ${table} WHERE ${where}`, (p) => `source_id IN ${sources(p, sourceIds)}`));
  const inserts = lines.flatMap(({ id, last_line }) => {
    const parts: Query[] = [];
    for (let first = 0; first <= Number(last_line); first += linesPerStatement) {
      const where = (p: Params) => `source_id = ${p.add(id)} AND line_no >= ${p.add(first)} AND line_no < ${p.add(first + linesPerStatement)}`;
      parts.push(...tables.map((table) => statement(ROLLUP_INSERTS[table], where)));
    }
    return parts;
  });
  return [...deletes, ...inserts];
}

/** Every rollup table, kept per source. */
export const ROLLUP_TABLES = ['request_seconds', 'attempt_seconds', 'attempt_latency', 'request_paths', 'attempt_paths'] as const;
export type RollupTable = (typeof ROLLUP_TABLES)[number];
/** The rollups summed from the attempts alone: all that a change of the tries' causes touches. */
export const ATTEMPT_ROLLUPS: readonly RollupTable[] = ['attempt_seconds', 'attempt_latency', 'attempt_paths'];

/** How each rollup is summed from its raw rows (`where`: the rows' source and lines). */
const ROLLUP_INSERTS: Record<RollupTable, (p: Params, where: string) => string> = {
  request_seconds: (p, where) => `INSERT INTO request_seconds (source_id, time, pool, status, n, first, last, retried)
    SELECT source_id, time - time % ${p.add(SECOND_MS)}, pool, status, count(*), min(time), max(time), count(*) FILTER (WHERE ${RETRIED})
    FROM requests WHERE ${where} GROUP BY ALL`,
  attempt_seconds: (p, where) => `INSERT INTO attempt_seconds
    SELECT source_id, time - time % ${p.add(SECOND_MS)}, pool, server, status, outcome, cause, failed, request_status,
      count(*), min(time), max(time)
    FROM attempts WHERE ${where} GROUP BY ALL`,
  attempt_latency: (p, where) => `INSERT INTO attempt_latency
    SELECT source_id, time - time % ${p.add(MINUTE_MS)}, pool, server, request_status, cause, ${latencyBucketSql('response_ms')}, count(*)
    FROM attempts WHERE ${where} AND response_ms IS NOT NULL GROUP BY ALL`,
  request_paths: (p, where) => `INSERT INTO request_paths (source_id, time, host, path, pool, status, n, first, last, retried, failed)
    SELECT source_id, time - time % ${p.add(SECOND_MS)}, host, ${pathPrefixSql('path')}, pool, status, count(*), min(time), max(time),
      count(*) FILTER (WHERE ${RETRIED}), count(*) FILTER (WHERE failed)
    FROM requests WHERE ${where} GROUP BY ALL`,
  attempt_paths: (p, where) => `INSERT INTO attempt_paths
    SELECT source_id, time - time % ${p.add(SECOND_MS)}, host, ${pathPrefixSql('path')}, pool, server, status, outcome, cause, failed, request_status,
      count(*), min(time), max(time)
    FROM attempts WHERE ${where} GROUP BY ALL`,
};

/** A path by its first two segments: /api/item/1 and /api/item/2 are the same part of the site. */
export const pathPrefixSql = (column: string) => `regexp_extract(${column}, '^(/[^/?#]*){1,2}')`;

/** The aligned core of a range: whole units of `unit` ms inside [from, to). */
function core(sel: Selection, unit: number): { from: number | undefined; to: number | undefined } {
  const from = sel.from === undefined ? undefined : Math.ceil(sel.from / unit) * unit;
  const to = sel.to === undefined ? undefined : Math.floor(sel.to / unit) * unit;
  return { from, to: from !== undefined && to !== undefined && to < from ? from : to };
}

/** The raw rows before and after the core: the parts of the range the rollups do not cover exactly. */
function edges(sel: Selection, unit: number): Selection[] {
  const c = core(sel, unit);
  const parts: Selection[] = [];
  if (sel.from !== undefined && c.from !== undefined && c.from > sel.from) parts.push({ ...sel, to: Math.min(c.from, sel.to ?? c.from) });
  if (sel.to !== undefined && c.to !== undefined && c.to < sel.to) parts.push({ ...sel, from: Math.max(c.to, sel.from ?? c.to) });
  return parts.filter((s) => s.from === undefined || s.to === undefined || s.from < s.to);
}

/** Whether a selection is by host, path or endpoint: what the rollups keyed by host and path prefix serve. */
export const byHostOrPath = (sel: Selection) => sel.host !== undefined || sel.path !== undefined || sel.endpoint !== undefined;
/** Whether the rollups by host and path prefix serve a selection: a path they decide, and not too many of them. */
const pathRollupsServe = (sel: PlannedSelection) => pathPrefixServes(sel.path) && !(sel.readPathsRaw && byHostOrPath(sel));

/** The rollup of requests that answers a selection, if one does: neither keys on the servers or causes of tries. */
export function requestRollup(sel: PlannedSelection): 'request_seconds' | 'request_paths' | null {
  if (sel.server !== undefined || sel.cause !== undefined || !pathRollupsServe(sel)) return null;
  return byHostOrPath(sel) ? 'request_paths' : 'request_seconds';
}

/** The rollup of attempts that answers a selection, if one does. */
function attemptRollup(sel: PlannedSelection): 'attempt_seconds' | 'attempt_paths' | null {
  if (!pathRollupsServe(sel)) return null;
  return byHostOrPath(sel) ? 'attempt_paths' : 'attempt_seconds';
}

/** Whether a selection's attempts are read from the raw rows alone: no rollup of attempts serves it. */
export const readsRawAttempts = (sel: Selection) => attemptRollup(sel) === null;

const REQUEST_COLUMNS = 'r.pool, r.status, r.time';
/** A request the gateway tried more than once: several tries logged, or retries it counted (HAProxy's on one server). */
export const RETRIED = 'attempt_count > 1 OR retries > 0';
const ATTEMPT_COLUMNS = 'a.pool, a.server, a.status, a.outcome, a.cause, a.failed, a.request_status, a.time';

/**
 * The end of the second by which a page of `limit` requests after `afterMs` is surely complete, from the
 * rollups: the page's query then reads those seconds, not every row of the incident. Null when the rollups
 * do not serve the selection or fewer rows remain.
 */
export function pageHorizon(sel: Selection, afterMs: number | null, limit: number): Query | null {
  const table = requestRollup(sel);
  if (table === null) return null;
  const p = new Params();
  // Seconds after the cursor's own: rows of its second after the cursor only add to the page.
  const start = afterMs === null ? sel.from : Math.max(sel.from ?? -Infinity, Math.floor(afterMs / SECOND_MS) * SECOND_MS + SECOND_MS);
  const within = { ...sel, ...core({ ...sel, from: start }, SECOND_MS) };
  const text = `SELECT min(time) + ${p.add(SECOND_MS)} AS horizon FROM (
      SELECT r.time, sum(sum(r.n)) OVER (ORDER BY r.time) AS seen FROM ${table} r WHERE ${whereRequests(within, p)} GROUP BY r.time
    ) WHERE seen >= ${p.add(limit)}`;
  return { text, values: p.values };
}

/**
 * The rows of a selection from one rollup and its raw table: the rollup for the aligned core of the range (in
 * units of `unit` ms), the raw rows for the edges; only the raw rows when the rollup cannot serve it.
 */
function coreAndEdges(sel: Selection, unit: number, rollup: string | null, rolled: (core: Selection, table: string) => string, raw: (part: Selection) => string, alias: string): string {
  if (rollup === null) return `(${raw(sel)}) ${alias}`;
  return `(${[rolled({ ...sel, ...core(sel, unit) }, rollup), ...edges(sel, unit).map(raw)].join(' UNION ALL ')}) ${alias}`;
}

/** Whether a selection picks requests by their tries: no rollup of requests keys on a try's server or cause. */
export const byTries = (sel: Selection) => requestRollup(sel) === null && (sel.server !== undefined || sel.cause !== undefined);

/**
 * The requests having a try that matches the selection, once each, as (source_id, line_no, pool, status, time,
 * host, path, retried), read from the attempts alone: each carries its request's pool, status, time, host and path.
 * A request tried once is its one attempt; a request tried more than once (few) is grouped from its matching
 * attempts. Joining requests to attempts instead took 0.2-0.5 s on 10M requests. `also`: further conditions
 * on the attempts (alias a), such as "failed".
 */
export function requestsByTries(sel: Selection, p: Params, also = ''): string {
  const tries = `${whereAttempts(sel, p)}${also}`;
  return `(SELECT a.source_id, a.line_no, a.pool, a.request_status AS status, a.time, a.host, a.path, 0 AS retried
      FROM attempts a WHERE NOT a.request_retried AND ${tries}
    UNION ALL
    SELECT a.source_id, a.line_no, any_value(a.pool), any_value(a.request_status), any_value(a.time), any_value(a.host), any_value(a.path), 1
      FROM attempts a WHERE a.request_retried AND ${tries} GROUP BY a.source_id, a.line_no)`;
}

/** Requests of the selection as (pool, status, time, n, first, last, retried), alias `r`. */
export function requestRows(sel: Selection, p: Params): string {
  if (byTries(sel)) {
    return `(SELECT t.pool, t.status, t.time, 1 AS n, t.time AS first, t.time AS last, t.retried FROM ${requestsByTries(sel, p)} t) r`;
  }
  return coreAndEdges(sel, SECOND_MS, requestRollup(sel),
    (c, table) => `SELECT ${REQUEST_COLUMNS}, r.n, r.first, r.last, r.retried FROM ${table} r WHERE ${whereRequests(c, p)}`,
    (s) => `SELECT ${REQUEST_COLUMNS}, 1 AS n, r.time AS first, r.time AS last, CASE WHEN ${RETRIED} THEN 1 ELSE 0 END AS retried
      FROM requests r WHERE ${whereRequests(s, p)}`,
    'r');
}

/**
 * The requests of a selection per host and path prefix as (host, path: its prefix, n, failed: how many failed),
 * alias `r`, from the rollup keyed by them and the raw rows at the edges: the hosts and prefixes of its failures
 * however many distinct paths there are. Null when that rollup cannot serve the selection (requestRollup).
 */
export function requestPathRows(sel: Selection, p: Params): string | null {
  if (requestRollup(sel) === null) return null;
  return coreAndEdges(sel, SECOND_MS, 'request_paths',
    (c, table) => `SELECT r.host, r.path, r.n, r.failed FROM ${table} r WHERE ${whereRequests(c, p)}`,
    (s) => `SELECT r.host, ${pathPrefixSql('r.path')} AS path, 1 AS n, CASE WHEN r.failed THEN 1 ELSE 0 END AS failed
      FROM requests r WHERE ${whereRequests(s, p)}`,
    'r');
}

/** Attempts of the selection as (pool, server, status, outcome, cause, failed, request_status, time, n, first, last), alias `a`. */
export function attemptRowsOf(sel: Selection, p: Params): string {
  return coreAndEdges(sel, SECOND_MS, attemptRollup(sel),
    (c, table) => `SELECT ${ATTEMPT_COLUMNS}, a.n, a.first, a.last FROM ${table} a WHERE ${whereAttempts(c, p)}`,
    (s) => `SELECT ${ATTEMPT_COLUMNS}, 1 AS n, a.time AS first, a.time AS last FROM attempts a WHERE ${whereAttempts(s, p)}`,
    'a');
}

/**
 * The hosts and path prefixes of one upstream's failed attempts in a range, as (host, path, n), alias `h`: the
 * per-second rollup for whole seconds (like the buckets windows are made of, so a window has no raw edges),
 * the raw rows for the edges. `who` picks the upstream (alias `a`).
 */
export function failureHitRows(range: Selection, who: string, p: Params): string {
  const rollup = attemptRollup(range) === null ? null : 'attempt_paths';
  return coreAndEdges(range, SECOND_MS, rollup,
    (c, table) => `SELECT a.host, a.path, a.n FROM ${table} a WHERE a.failed AND ${who} AND ${whereAttempts(c, p)}`,
    (s) => `SELECT a.host, ${pathPrefixSql('a.path')} AS path, 1 AS n FROM attempts a WHERE a.failed AND ${who} AND ${whereAttempts(s, p)}`,
    'h');
}

/**
 * Latency histogram rows of the selection's attempts as (pool, server, time, bucket, n), alias `l`. A rollup
 * row's time is its minute: `raw` reads the attempts alone, for a series in buckets finer than a minute.
 */
export function latencyRows(sel: Selection, p: Params, raw = false): string {
  // By host or path, the attempts are read with their own host and path: no histogram keys on them.
  const rollup = raw || byHostOrPath(sel) ? null : 'attempt_latency';
  return coreAndEdges(sel, MINUTE_MS, rollup,
    (c, table) => `SELECT a.pool, a.server, a.time, a.bucket, a.n FROM ${table} a WHERE ${whereAttempts(c, p)}`,
    (s) => `SELECT a.pool, a.server, a.time, ${latencyBucketSql('a.response_ms')} AS bucket, 1 AS n FROM attempts a
      WHERE ${whereAttempts(s, p)} AND a.response_ms IS NOT NULL`,
    'l');
}
