import { attemptRowsOf, byTries, failureHitRows, latencyBucketSql, latencyRows, pathPrefixSql, requestPathRows, requestRollup, requestRows, requestsByTries } from './rollups';
import { Params, whereAttempts, whereEvents, whereRequests, type PlannedSelection, type Selection, type SqlValue } from './selection';

/**
 * Query text, engine-neutral where it can be: positional parameters, standard aggregates with FILTER.
 * Each function returns the text and its parameter values for one selection.
 */
export interface Query {
  text: string;
  values: SqlValue[];
}

function query(build: (params: Params) => string): Query {
  const params = new Params();
  const text = build(params);
  return { text, values: params.values };
}

export const poolStatuses = (sel: Selection) =>
  query((p) => `SELECT r.pool AS pool, r.status AS status, sum(r.n)::BIGINT AS n FROM ${requestRows(sel, p)} GROUP BY 1, 2`);

/**
 * One pass over the attempts gives every count of the upstream table: per pool, server, status, outcome,
 * cause, failed, and whether the client's request succeeded (for failures hidden by retries).
 */
export const upstreamGroups = (sel: Selection) =>
  query((p) => `SELECT a.pool AS pool, a.server AS server, coalesce(a.status, '-') AS status, coalesce(a.outcome, '-') AS outcome,
      a.cause AS cause, a.failed AS failed, (a.request_status >= '200' AND a.request_status < '400') AS succeeded,
      sum(a.n)::BIGINT AS n, min(a.first) AS first, max(a.last) AS last
    FROM ${attemptRowsOf(sel, p)} GROUP BY 1, 2, 3, 4, 5, 6, 7`);

/**
 * The selection's latency histogram per time bucket, of all its attempts or per server: from the per-minute
 * rollup when `bucketMs` is a whole number of minutes, else (`raw`) from the attempts themselves.
 */
export const latencySeries = (sel: Selection, bucketMs: number, raw: boolean, byServer: boolean) =>
  query((p) => {
    const width = p.add(bucketMs);
    const key = byServer ? `coalesce(l.server, '-')` : `'all'`;
    return `SELECT ${key} AS key, l.time - l.time % ${width} AS t, l.bucket AS bucket, sum(l.n)::BIGINT AS n
      FROM ${latencyRows(sel, p, raw)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
  });

/**
 * Every part of the upstream table in one pass over the attempts, for a selection no rollup serves (a path
 * deeper than its prefix), which would otherwise scan the attempts twice and the requests once: `part` says
 * which each row is, 'counts' (as upstreamGroups), 'latency' (as upstreamLatency) or 'requests' (as
 * poolStatuses: a request is its first try, seq 0, which carries its pool and status; by a try's server or
 * cause, its first matching try). By /api/item/1 on 10M requests, in process: 183 -> 135 ms with the first two
 * in one pass; 146-155 -> 99-104 ms (the same hour) with the requests too.
 */
export const upstreamTableRows = (sel: Selection) =>
  query((p) => `SELECT CASE WHEN GROUPING(a.bucket) = 0 THEN 'latency' WHEN GROUPING(a.request_status) = 0 THEN 'requests' ELSE 'counts' END AS part,
      a.pool AS pool, a.server AS server, a.status AS status, a.outcome AS outcome, a.cause AS cause, a.failed AS failed,
      a.succeeded AS succeeded, a.bucket AS bucket, a.request_status AS request_status, count(*)::BIGINT AS n, min(a.time) AS first, max(a.time) AS last
    FROM (SELECT a.pool, a.server, coalesce(a.status, '-') AS status, coalesce(a.outcome, '-') AS outcome, a.cause, a.failed,
        (a.request_status >= '200' AND a.request_status < '400') AS succeeded, a.request_status, ${firstMatchingTry(sel)} AS first_try,
        CASE WHEN a.response_ms IS NOT NULL THEN ${latencyBucketSql('a.response_ms')} END AS bucket, a.time
      FROM attempts a WHERE ${whereAttempts(sel, p)}) a
    GROUP BY GROUPING SETS ((a.pool, a.server, a.status, a.outcome, a.cause, a.failed, a.succeeded), (a.pool, a.server, a.bucket),
      (a.pool, a.request_status, a.first_try))
    HAVING (GROUPING(a.bucket) = 1 OR a.bucket IS NOT NULL) AND (GROUPING(a.first_try) = 1 OR a.first_try)
    ORDER BY 1, 2, 3, 9`);

/**
 * The try that stands for its request among the selected attempts. By a try's server or cause, a retried
 * request's first try may not be selected (refused by another server, then tried on this one): its first
 * matching try stands for it, as requestsByTries counts it.
 */
const firstMatchingTry = (sel: Selection) => sel.server === undefined && sel.cause === undefined
  ? 'a.seq = 0'
  : '(NOT coalesce(a.request_retried, false) OR a.seq = min(a.seq) OVER (PARTITION BY a.source_id, a.line_no))';

/** The latency histogram per server (buckets of rollups.ts), from which the percentiles are read. */
export const upstreamLatency = (sel: Selection) =>
  query((p) => `SELECT l.pool AS pool, l.server AS server, l.bucket AS bucket, sum(l.n)::BIGINT AS n
    FROM ${latencyRows(sel, p)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);

/** The server with the most failed attempts in the selection. */
export const worstServer = (sel: Selection) =>
  query((p) => `SELECT a.server AS server FROM ${attemptRowsOf(sel, p)} WHERE a.failed AND a.server IS NOT NULL
    GROUP BY 1 ORDER BY sum(a.n) DESC, 1 LIMIT 1`);

/**
 * Headline figures as the clients saw them, and the pool whose clients got the most 502s ("-" for requests
 * whose format names no pool): one pass over the selection's requests, summed per pool and status first.
 */
export const headline = (sel: Selection) =>
  query((p) => `WITH g AS MATERIALIZED (
      SELECT coalesce(r.pool, '-') AS pool, r.status AS status, sum(r.n) AS n, min(r.first) AS first, max(r.last) AS last
      FROM ${requestRows(sel, p)} GROUP BY 1, 2)
    SELECT coalesce(sum(n), 0)::BIGINT AS requests,
      coalesce(sum(n) FILTER (WHERE status = '502'), 0)::BIGINT AS s502,
      coalesce(sum(n) FILTER (WHERE status = '499'), 0)::BIGINT AS s499,
      coalesce(sum(n) FILTER (WHERE status = '503'), 0)::BIGINT AS s503,
      coalesce(sum(n) FILTER (WHERE status = '504'), 0)::BIGINT AS s504,
      coalesce(sum(n) FILTER (WHERE status >= '500' AND status < '600' AND status NOT IN ('502', '503', '504')), 0)::BIGINT AS other5xx,
      min(first) FILTER (WHERE status = '502') AS first502,
      max(last) FILTER (WHERE status = '502') AS last502,
      min(first) AS "from", max(last) AS "to",
      (SELECT pool FROM g WHERE status = '502' GROUP BY 1 ORDER BY sum(n) DESC, 1 LIMIT 1) AS worst_pool
    FROM g`);

export type SeriesBy = 'pool' | 'server' | 'cause';

/**
 * One row per bucket and series: per pool from requests (what clients got), per server from attempts
 * (what the gateway answered because of each try), per cause from failed attempts.
 */
export function series(sel: Selection, bucketMs: number, by: SeriesBy): Query {
  return query((p) => {
    const width = p.add(bucketMs);
    if (by === 'pool') {
      return `SELECT r.time - r.time % ${width} AS t, coalesce(r.pool, '-') AS key, ${weighted('r', {
        failed: `r.status >= '500' OR r.status < '100'`, s502: `r.status = '502'`, s499: `r.status = '499'`, s503: `r.status = '503'`, s504: `r.status = '504'`,
      })}, coalesce(sum(r.retried), 0)::BIGINT AS retried
        FROM ${requestRows(sel, p)} GROUP BY 1, 2 ORDER BY 1, 2`;
    }
    const key = by === 'server' ? `coalesce(a.server, '-')` : `coalesce(a.cause, 'unknown')`;
    return `SELECT a.time - a.time % ${width} AS t, ${key} AS key, ${weighted('a', {
      failed: 'a.failed', s502: `a.outcome = '502'`, s499: `a.request_status = '499'`, s503: `a.outcome = '503'`, s504: `a.outcome = '504'`,
    })}
      FROM ${attemptRowsOf(sel, p)}${by === 'cause' ? ' WHERE a.failed' : ''} GROUP BY 1, 2 ORDER BY 1, 2`;
  });
}

/** Summed rows (`n`) in total and where each condition holds: the counts of one bucket. */
function weighted(alias: string, conditions: Record<string, string>): string {
  const counts = Object.entries(conditions).map(([name, condition]) => `coalesce(sum(${alias}.n) FILTER (WHERE ${condition}), 0)::BIGINT AS ${name}`);
  return [`sum(${alias}.n)::BIGINT AS n`, ...counts].join(', ');
}

/**
 * When the selection's requests were made. Every request has an attempt at its own time, carrying its pool,
 * status, host and path: a selection by server or cause, which no rollup of requests keys on, reads the
 * span of its attempts (their rollup) instead of joining the requests to them (175 -> 15 ms on 10M requests).
 */
export const timeSpan = (sel: PlannedSelection) =>
  query((p) => {
    const [rows, r] = requestRollup(sel) !== null ? [requestRows, 'r'] : [attemptRowsOf, 'a'];
    // The first and the last row rather than min() and max(): rows are stored in time order, and a query for its
    // top row lets DuckDB skip the blocks that cannot beat the best row found so far. The span of a path's
    // attempts, where no rollup serves: 81 -> 8 ms on 10M. Only with the sources named: through the join to
    // them the last row is a whole scan (88 ms), and the two top rows would cost two scans where min/max cost one.
    if (sel.sourceIds === undefined) return `SELECT min(${r}.first) AS "from", max(${r}.last) AS "to" FROM ${rows(sel, p)}`;
    return `SELECT (SELECT ${r}.first FROM ${rows(sel, p)} ORDER BY ${r}.first LIMIT 1) AS "from",
      (SELECT ${r}.last FROM ${rows(sel, p)} ORDER BY ${r}.last DESC LIMIT 1) AS "to"`;
  });

/**
 * The hosts, paths and path prefixes (first two segments: /api/item/1001 and /api/item/1003 are the one
 * endpoint they are) of the failed requests, most failures first, as (kind 'host' | 'path' | 'prefix', value,
 * failed). The hosts and prefixes come from the rollup by host and path prefix where it serves the selection,
 * the paths from the failed requests: with every failed path distinct (ids, query strings), cutting the prefix
 * of each in the query took 403 ms on 10M requests (1.1M failed). Where the rollup does not serve (a try's server
 * or cause, a path longer than its prefix), one pass over the failed requests, counted per host and per path
 * (grouping sets), then each list from those counts, the prefix cut from each distinct path once.
 */
export const topFailures = (sel: Selection, limit: number) =>
  query((p) => {
    const top = p.add(limit);
    const list = (kind: string, value: string, from: string) =>
      `(SELECT '${kind}' AS kind, ${value} AS value, sum(failed)::BIGINT AS failed FROM ${from} GROUP BY 2 ORDER BY 3 DESC, 2 LIMIT ${top})`;
    const counted = requestPathRows(sel, p);
    if (counted !== null) {
      return `WITH hits AS MATERIALIZED (SELECT r.host AS host, r.path AS prefix, sum(r.failed) AS failed FROM ${counted} WHERE r.failed > 0 GROUP BY 1, 2)
        ${list('host', 'host', 'hits')}
        UNION ALL
        ${list('path', 'r.path', `(SELECT r.path, 1 AS failed FROM requests r WHERE ${failedRequests(sel, p)}) r`)}
        UNION ALL
        ${list('prefix', 'prefix', 'hits')}`;
    }
    const failed = byTries(sel) ? `${requestsByTries(sel, p, FAILED_TRY)} r` : `requests r WHERE ${failedRequests(sel, p)}`;
    // The hosts and paths are read as counted. Counted per (host, path), the paths were grouped again: where every
    // failed path is distinct, two groupings of a million strings. By a server on 10M requests with a path of its
    // own each: 178 -> 144 ms and 25 MiB less, in one process.
    const ranked = (kind: string, value: string, set: number) =>
      `(SELECT '${kind}' AS kind, ${value} AS value, failed::BIGINT AS failed FROM hits WHERE by_path = ${set} ORDER BY 3 DESC, 2 LIMIT ${top})`;
    return `WITH hits AS MATERIALIZED (SELECT grouping(r.host) AS by_path, r.host AS host, r.path AS path, count(*) AS failed
        FROM ${failed} GROUP BY GROUPING SETS ((r.host), (r.path)))
      ${ranked('host', 'host', 0)}
      UNION ALL
      ${ranked('path', 'path', 1)}
      UNION ALL
      ${list('prefix', pathPrefixSql('path'), '(SELECT path, failed FROM hits WHERE by_path = 1)')}`;
  });

/**
 * The failed requests of a selection (alias r): the top failures and the lines view's Failed only. A request
 * failed when any of its attempts did (a request that reached no upstream has one attempt row with its own
 * status). A selection by a try's server or cause asks for the requests whose failed try matches it: those
 * are read from the attempts, requestsByTries(sel, p, FAILED_TRY), not through here.
 */
const failedRequests = (sel: Selection, p: Params) => `${whereRequests(sel, p)} AND r.failed`;

/** The condition requestsByTries adds for the requests whose matching try failed. */
const FAILED_TRY = ' AND a.failed';

/** Keyset position of a row in time order: the last row of the previous page. */
export interface Cursor {
  time: number;
  sourceId: number;
  lineNo: number;
}

/** Rows after the cursor, in (time, source, line) order. */
const keysetAfter = (alias: string, after: Cursor | null, p: Params) =>
  after ? ` AND (${alias}.time, ${alias}.source_id, ${alias}.line_no) > (${p.add(after.time)}, ${p.add(after.sourceId)}, ${p.add(after.lineNo)})` : '';

/** What a request line shows (alias r, sources s). */
export const REQUEST_LINE_COLUMNS = `r.time, r.source_id, s.name AS source, r.line_no, r.status, r.method, r.host, r.path, r.pool,
  r.request_ms, r.gateway_code, r.client, r.raw, r.raw_block, r.raw_at, r.raw_bytes`;

/** What an event line shows (alias e, sources s). */
export const EVENT_LINE_COLUMNS = `e.time, e.source_id, s.name AS source, e.line_no, e.level, e.message, e.cause, e.server, e.client,
  e.request, e.host, e.connection, e.raw, e.raw_block, e.raw_at, e.raw_bytes`;

export function requestLines(sel: Selection, after: Cursor | null, limit: number, failedOnly = false): Query {
  return query((p) => {
    if (byTries(sel)) {
      // The page's requests are found among the matching attempts, then read by (source, line): the join hands
      // the scan of the requests the range of lines to read.
      const page = `SELECT t.source_id, t.line_no FROM ${requestsByTries(sel, p, `${failedOnly ? FAILED_TRY : ''}${keysetAfter('a', after, p)}`)} t
        ORDER BY t.time, t.source_id, t.line_no LIMIT ${p.add(limit)}`;
      return `SELECT ${REQUEST_LINE_COLUMNS}
        FROM requests r JOIN sources s ON s.id = r.source_id JOIN (${page}) c ON c.source_id = r.source_id AND c.line_no = r.line_no
        ORDER BY r.time, r.source_id, r.line_no`;
    }
    const keyset = keysetAfter('r', after, p);
    return `SELECT ${REQUEST_LINE_COLUMNS}
      FROM requests r JOIN sources s ON s.id = r.source_id
      WHERE ${failedOnly ? failedRequests(sel, p) : whereRequests(sel, p)}${keyset}
      ORDER BY r.time, r.source_id, r.line_no LIMIT ${p.add(limit)}`;
  });
}

export const requestCount = (sel: Selection) => query((p) => `SELECT coalesce(sum(r.n), 0)::BIGINT AS n FROM ${requestRows(sel, p)}`);

/** The failed requests of a selection: from the raw rows, which alone say whether a request failed. */
export const failedRequestCount = (sel: Selection) => query((p) => byTries(sel)
  ? `SELECT count(*) AS n FROM ${requestsByTries(sel, p, FAILED_TRY)} t`
  : `SELECT count(*) AS n FROM requests r WHERE ${failedRequests(sel, p)}`);

/**
 * The attempts of the given requests (source, line pairs), in the order they were tried. An attempt has its
 * request's time: bounding by the requests' times lets the engine skip all but the blocks that hold them.
 */
export function attemptsOf(rows: readonly { sourceId: number; lineNo: number; time: number }[]): Query {
  return query((p) => {
    const pairs = rows.map((r) => `(${p.add(r.sourceId)}, ${p.add(r.lineNo)})`).join(', ');
    const times = rows.map((r) => r.time);
    const within = rows.length ? ` AND a.time BETWEEN ${p.add(Math.min(...times))} AND ${p.add(Math.max(...times))}` : '';
    return `SELECT a.source_id, a.line_no, a.seq, a.server, a.status, a.outcome, a.failed, a.cause, a.response_ms
      FROM attempts a WHERE (a.source_id, a.line_no) IN (${pairs || '(NULL, NULL)'})${within} ORDER BY 1, 2, 3`;
  });
}

export function eventLines(sel: Selection, after: Cursor | null, limit: number): Query {
  return query((p) => {
    const keyset = keysetAfter('e', after, p);
    return `SELECT ${EVENT_LINE_COLUMNS}
      FROM gateway_events e JOIN sources s ON s.id = e.source_id
      WHERE ${whereEvents(sel, p)}${keyset}
      ORDER BY e.time, e.source_id, e.line_no LIMIT ${p.add(limit)}`;
  });
}

export const eventCount = (sel: Selection) => query((p) => `SELECT count(*) AS n FROM gateway_events e WHERE ${whereEvents(sel, p)}`);

/** Error-log events that name a server and a cause, per server, cause and second. */
export const eventSeconds = (sel: Selection) =>
  query((p) => `SELECT e.server AS server, e.cause AS cause, e.time - e.time % 1000 AS t, count(*) AS n
    FROM gateway_events e WHERE ${whereEvents(sel, p)} AND e.server IS NOT NULL AND e.cause IS NOT NULL
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`);

export const incidentList = () =>
  query(() => `
  WITH done AS (SELECT id, incident_id FROM sources WHERE state = 'done'),
  req AS (
    SELECT d.incident_id, sum(r.n)::BIGINT AS requests, coalesce(sum(r.n) FILTER (WHERE r.status = '502'), 0)::BIGINT AS count502,
      min(r.first) AS "from", max(r.last) AS "to"
    FROM request_seconds r JOIN done d ON d.id = r.source_id GROUP BY 1),
  worst AS (
    SELECT incident_id, server, pool FROM (
      SELECT d.incident_id, a.server, a.pool, sum(a.n) AS failed,
        row_number() OVER (PARTITION BY d.incident_id ORDER BY sum(a.n) DESC, a.server) AS rank
      FROM attempt_seconds a JOIN done d ON d.id = a.source_id
      WHERE a.failed AND a.server IS NOT NULL GROUP BY 1, 2, 3) ranked
    WHERE rank = 1)
  SELECT i.id, i.title, i.created_at, i.status, i.notes, coalesce(req.requests, 0) AS requests, coalesce(req.count502, 0) AS count502,
    req."from", req."to", worst.server AS worst_server, worst.pool AS worst_pool
  FROM incidents i LEFT JOIN req ON req.incident_id = i.id LEFT JOIN worst ON worst.incident_id = i.id
  ORDER BY i.created_at DESC`);

/**
 * The hosts and path prefixes (first two segments) the failed attempts of each window were for: the most hit
 * of each (up to `top`) and how many distinct ones. One bounded subquery per window, so the engine reads only the blocks of its time.
 */
export const windowHits = (sel: Selection, windows: readonly { server: string | null; pool: string | null; from: number; to: number }[], top: number) =>
  query((p) => {
    const parts = windows.map((w, i) => {
      const range = { ...sel, from: Math.max(sel.from ?? w.from, w.from), to: Math.min(sel.to ?? w.to, w.to) };
      const who = w.server === null ? `a.server IS NULL AND a.pool = ${p.add(w.pool)}` : `a.server = ${p.add(w.server)}`;
      return `SELECT ${p.add(i)}::INTEGER AS i, h.host, h.path, h.n FROM ${failureHitRows(range, who, p)}`;
    });
    const limit = p.add(top);
    return `WITH hit AS (${parts.join(' UNION ALL ') || 'SELECT NULL::INTEGER AS i, NULL AS host, NULL AS path, 0 AS n WHERE false'}),
      ranked AS (
        SELECT i, kind, value, failed, distinct_values, row_number() OVER (PARTITION BY i, kind ORDER BY failed DESC, value) AS rank
        FROM (
          SELECT i, 'host' AS kind, host AS value, sum(n) AS failed, count(*) OVER (PARTITION BY i) AS distinct_values FROM hit GROUP BY i, host
          UNION ALL
          SELECT i, 'path' AS kind, path AS value, sum(n) AS failed, count(*) OVER (PARTITION BY i) AS distinct_values FROM hit GROUP BY i, path))
      SELECT i AS window, kind, value, failed::BIGINT AS failed, rank::BIGINT AS rank, distinct_values::BIGINT AS "distinct" FROM ranked WHERE rank <= ${limit}`;
  });

/**
 * Per server and bucket: its attempts that did not fail (`cause` null), and its failed attempts per cause, with
 * those inside requests the client saw succeed (`hidden`: a retry made up for them) and, of these, those whose own
 * 2xx or 3xx had reached the client before the response broke off (`cut`). A failing stretch is made of whole
 * buckets, so its causes are these rows summed (assemble.ts serverBucketsOf): no second pass over the attempts.
 */
export const serverBuckets = (sel: Selection, bucketMs: number) =>
  query((p) => {
    const width = p.add(bucketMs);
    const succeeded = (column: string) => `a.${column} >= '200' AND a.${column} < '400'`;
    const hidden = `a.failed AND ${succeeded('request_status')}`;
    return `SELECT a.time - a.time % ${width} AS t, a.server AS server, CASE WHEN a.server IS NULL THEN a.pool END AS pool,
        CASE WHEN a.failed THEN coalesce(a.cause, 'unknown') END AS cause,
        ${weighted('a', { hidden, cut: `${hidden} AND ${succeeded('status')}` })}
      FROM ${attemptRowsOf(sel, p)} WHERE a.server IS NOT NULL OR a.pool IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 1, 4`;
  });
