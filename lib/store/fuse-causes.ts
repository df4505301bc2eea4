import { formatsWithTriesFromEvents } from '../formats';
import { Params } from './selection';
import type { Query } from './sql';

/** An error line is written when the try fails, an access line when the request ends: allow for both. */
export const EVENT_SLACK_MS = 2000;

const incidentSources = (p: Params, incidentId: string) => `(SELECT id FROM sources WHERE incident_id = ${p.add(incidentId)} AND state = 'done')`;

/** Puts back the causes the access lines gave, so a removed error log takes its causes with it. */
export function resetFusedCauses(incidentId: string): Query {
  const p = new Params();
  const text = `UPDATE attempts SET cause = access_cause, event_source = NULL, event_line = NULL
    WHERE event_source IS NOT NULL AND NOT from_event AND source_id IN ${incidentSources(p, incidentId)}`;
  return { text, values: p.values };
}

/** Events and tries are matched within buckets of this width, so the engine joins on equal keys. */
const EVENT_BUCKET_MS = 10_000;

/**
 * Names the cause of each failed try the access line left `unknown` from the gateway's error-log event
 * about it: the same upstream server and request path, within the request's time. The nearest event
 * wins; the attempt keeps a reference to it as evidence.
 *
 * Events and tries meet on equal keys, so the engine hashes them: the server, a 10-second bucket (each try is
 * listed under every bucket its time window touches, one or two; each event under its own) and, for events
 * that name their request (nginx's always do), the path. Joined on the server alone, with the time as a
 * range, a 10M-request incident with 500k error events ran out of memory at 128MB and did not finish in 10
 * minutes at 256MB; on the server and bucket without the path, it took 12 s to pair them (1.2 s with it), as
 * a busy server has hundreds of events in each bucket. Events without a request meet on server and bucket.
 */
export function fuseEventCauses(incidentId: string): Query {
  const p = new Params();
  const sources = incidentSources(p, incidentId);
  const slack = p.add(EVENT_SLACK_MS);
  const width = p.add(EVENT_BUCKET_MS);
  const text = `UPDATE attempts SET cause = m.cause, event_source = m.esrc, event_line = m.eline
    FROM (
      WITH t AS (
        SELECT w.*, unnest(range(w.lo // ${width}, w.hi // ${width} + 1)) AS bucket
        FROM (
          SELECT a.source_id, a.line_no, a.seq, a.server, r.time, r.path,
            r.time - coalesce(r.request_ms, 0)::BIGINT - ${slack} AS lo, r.time + ${slack} AS hi
          FROM attempts a JOIN requests r ON r.source_id = a.source_id AND r.line_no = a.line_no
          WHERE a.failed AND a.access_cause = 'unknown' AND a.source_id IN ${sources}
        ) w
      ),
      e AS (
        SELECT source_id, line_no, time, cause, server, time // ${width} AS bucket, request IS NULL AS anywhere,
          split_part(request, ' ', 2) AS path
        FROM gateway_events WHERE cause IS NOT NULL AND source_id IN ${sources}
      ),
      pairs AS (
        SELECT t.source_id, t.line_no, t.seq, t.time, e.time AS etime, e.cause, e.source_id AS esrc, e.line_no AS eline
          FROM t JOIN e ON e.server = t.server AND e.bucket = t.bucket AND e.path = t.path
          WHERE NOT e.anywhere AND e.time BETWEEN t.lo AND t.hi
        UNION ALL
        SELECT t.source_id, t.line_no, t.seq, t.time, e.time, e.cause, e.source_id, e.line_no
          FROM t JOIN e ON e.server = t.server AND e.bucket = t.bucket
          WHERE e.anywhere AND e.time BETWEEN t.lo AND t.hi
      )
      SELECT *, row_number() OVER (PARTITION BY source_id, line_no, seq ORDER BY abs(etime - time), esrc, eline) AS rn FROM pairs
    ) m
    WHERE m.rn = 1 AND attempts.source_id = m.source_id AND attempts.line_no = m.line_no AND attempts.seq = m.seq`;
  return { text, values: p.values };
}

/** Sources whose access lines never name the upstream: their error and debug entries say which tries were made. */
function accessWithoutUpstream(p: Params, incidentId: string): string {
  const ids = formatsWithTriesFromEvents.map((id) => p.add(id)).join(', ');
  return `(SELECT id FROM sources WHERE incident_id = ${p.add(incidentId)} AND state = 'done' AND format IN (${ids}))`;
}

const ATTEMPT_COLUMNS = `source_id, line_no, seq, time, pool, server, status, request_status, failed, cause, response_ms, connect_ms,
  header_ms, outcome, access_cause, event_source, event_line, from_event, host, path, request_retried`;

/** A request with no upstream of its own failed when its status is not HTTP or is a 5xx (as attempt-rows.ts says). */
const FAILED_STATUS = (status: string) => `(NOT regexp_full_match(${status}, '[1-5][0-9][0-9]') OR ${status} >= '500')`;

/**
 * Undoes the tries read from error entries: removes them and gives each request of such a gateway back the one
 * row its access line alone makes (no server, the client's status). Run before the tries are read again.
 */
export function resetEventAttempts(incidentId: string): Query[] {
  const a = new Params();
  const remove = `DELETE FROM attempts WHERE from_event AND source_id IN ${incidentSources(a, incidentId)}`;
  const b = new Params();
  const restore = `INSERT INTO attempts (${ATTEMPT_COLUMNS})
    SELECT r.source_id, r.line_no, 0, r.time, r.pool, NULL, r.status, r.status, ${FAILED_STATUS('r.status')},
      CASE WHEN ${FAILED_STATUS('r.status')} THEN 'unknown' END, NULL, NULL, NULL, r.status,
      CASE WHEN ${FAILED_STATUS('r.status')} THEN 'unknown' END, NULL, NULL, false, r.host, r.path,
      coalesce(r.retries > 0, false)
    FROM requests r WHERE r.source_id IN ${accessWithoutUpstream(b, incidentId)}
      AND NOT EXISTS (SELECT 1 FROM attempts x WHERE x.source_id = r.source_id AND x.line_no = r.line_no)`;
  return [{ text: remove, values: a.values }, { text: restore, values: b.values }];
}

/**
 * Reads the tries of each request of a gateway whose access line names no upstream (Caddy) from the entries
 * of the same connection and path within the request's time: one try per "upstream roundtrip" debug entry
 * when the gateway logged them (so a retry hidden behind a 200 is counted), else the request's error entry.
 * Each entry goes to its nearest request. The tries replace the access line's own row; the last try has the
 * client's status as its outcome. Requests with no such entry keep their row (no server, cause unknown).
 */
export function readEventAttempts(incidentId: string): Query[] {
  const p = new Params();
  const slack = p.add(EVENT_SLACK_MS);
  const insert = `INSERT INTO attempts (${ATTEMPT_COLUMNS})
    WITH m AS (
      SELECT r.source_id, r.line_no, r.time AS rtime, r.pool, r.status AS rstatus, r.host, r.path AS rpath, r.retries, e.source_id AS esrc, e.line_no AS eline,
        e.time AS etime, e.server, e.cause, e.status AS estatus, starts_with(e.message, 'upstream roundtrip') AS roundtrip,
        row_number() OVER (PARTITION BY e.source_id, e.line_no ORDER BY abs(e.time - r.time), r.source_id, r.line_no) AS nearest
      FROM requests r JOIN gateway_events e ON e.connection = r.connection
        AND e.time BETWEEN r.time - coalesce(r.request_ms, 0) - ${slack} AND r.time + ${slack}
        AND (e.request IS NULL OR split_part(e.request, ' ', 2) = r.path)
      WHERE r.source_id IN ${accessWithoutUpstream(p, incidentId)} AND e.source_id IN ${incidentSources(p, incidentId)}
        AND (starts_with(e.message, 'upstream roundtrip') OR e.cause IS NOT NULL)
    ),
    own AS (SELECT * FROM m WHERE nearest = 1),
    debugged AS (SELECT DISTINCT source_id, line_no FROM own WHERE roundtrip),
    tries AS (
      SELECT o.*, row_number() OVER (PARTITION BY o.source_id, o.line_no ORDER BY o.etime, o.esrc, o.eline) - 1 AS seq,
        count(*) OVER (PARTITION BY o.source_id, o.line_no) AS n
      FROM own o LEFT JOIN debugged d ON d.source_id = o.source_id AND d.line_no = o.line_no
      WHERE o.roundtrip OR d.source_id IS NULL
    )
    SELECT source_id, line_no, seq, rtime, pool, server, estatus, rstatus,
      cause IS NOT NULL OR (seq = n - 1 AND ${FAILED_STATUS('rstatus')}),
      coalesce(cause, CASE WHEN seq = n - 1 AND ${FAILED_STATUS('rstatus')} THEN 'unknown' END),
      NULL, NULL, NULL, CASE WHEN seq = n - 1 THEN rstatus ELSE estatus END, NULL, esrc, eline, true, host, rpath,
      n > 1 OR coalesce(retries > 0, false)
    FROM tries`;
  const q = new Params();
  const replaced = `DELETE FROM attempts a WHERE NOT a.from_event AND a.source_id IN ${accessWithoutUpstream(q, incidentId)}
    AND EXISTS (SELECT 1 FROM attempts b WHERE b.from_event AND b.source_id = a.source_id AND b.line_no = a.line_no)`;
  const r = new Params();
  const requests = `UPDATE requests SET attempt_count = c.n, failed = c.failed
    FROM (SELECT source_id, line_no, count(*) AS n, bool_or(failed) AS failed FROM attempts
          WHERE source_id IN ${accessWithoutUpstream(r, incidentId)} GROUP BY 1, 2) c
    WHERE requests.source_id = c.source_id AND requests.line_no = c.line_no
      AND (requests.attempt_count <> c.n OR requests.failed IS DISTINCT FROM c.failed)`;
  return [{ text: insert, values: p.values }, { text: replaced, values: q.values }, { text: requests, values: r.values }];
}
