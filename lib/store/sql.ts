/**
 * Query text shared by the engines. Parameters are positional ($1, $2 ...), which both DuckDB and
 * PostgreSQL accept; the range filter is always $1 incident, $2 from, $3 to.
 */

/** Rows of done sources of one incident within [from, to): uncommitted or failed sources never show. */
export const inRange = (alias: string) => `
  ${alias}.source_id IN (SELECT id FROM sources WHERE incident_id = $1 AND state = 'done')
  AND ${alias}.time >= $2 AND ${alias}.time < $3`;

export const poolStatusesSql = `
  SELECT r.pool AS pool, r.status AS status, count(*) AS n
  FROM requests r WHERE ${inRange('r')}
  GROUP BY 1, 2`;

export const upstreamStatusesSql = `
  SELECT a.pool AS pool, a.server AS server, coalesce(a.status, '-') AS status, count(*) AS n
  FROM attempts a WHERE ${inRange('a')}
  GROUP BY 1, 2, 3`;

/** What the gateway answered because of each try (see AttemptRow.outcome). */
export const upstreamOutcomesSql = `
  SELECT a.pool AS pool, a.server AS server, coalesce(a.outcome, '-') AS status, count(*) AS n
  FROM attempts a WHERE ${inRange('a')}
  GROUP BY 1, 2, 3`;

export const upstreamCausesSql = `
  SELECT a.pool AS pool, a.server AS server, a.cause AS cause, count(*) AS n
  FROM attempts a WHERE ${inRange('a')} AND a.failed
  GROUP BY 1, 2, 3`;

/** A request succeeded, for "hidden by retries", when the client got a 2xx or 3xx. */
export const upstreamTotalsSql = `
  SELECT a.pool AS pool, a.server AS server,
    count(*) AS attempts,
    count(*) FILTER (WHERE a.failed) AS failed,
    count(*) FILTER (WHERE a.failed AND a.request_status >= '200' AND a.request_status < '400') AS hidden,
    min(a.time) FILTER (WHERE a.failed) AS first_failure,
    max(a.time) FILTER (WHERE a.failed) AS last_failure
  FROM attempts a WHERE ${inRange('a')}
  GROUP BY 1, 2`;

/** $4 is the bucket width in ms. */
export const seriesSql = `
  SELECT a.time - a.time % $4 AS t, a.pool AS pool, a.server AS server,
    count(*) AS attempts,
    count(*) FILTER (WHERE a.failed) AS failed,
    count(*) FILTER (WHERE a.outcome = '502') AS s502
  FROM attempts a WHERE ${inRange('a')}
  GROUP BY 1, 2, 3
  ORDER BY 1, 2, 3`;

export const timeSpanSql = `
  SELECT min(r.time) AS "from", max(r.time) AS "to" FROM requests r WHERE ${inRange('r')}`;

export const incidentListSql = `
  WITH done AS (SELECT id, incident_id FROM sources WHERE state = 'done'),
  req AS (
    SELECT d.incident_id, count(*) AS requests, count(*) FILTER (WHERE r.status = '502') AS count502,
      min(r.time) AS "from", max(r.time) AS "to"
    FROM requests r JOIN done d ON d.id = r.source_id GROUP BY 1),
  worst AS (
    SELECT incident_id, server FROM (
      SELECT d.incident_id, a.server, count(*) AS failed,
        row_number() OVER (PARTITION BY d.incident_id ORDER BY count(*) DESC, a.server) AS rank
      FROM attempts a JOIN done d ON d.id = a.source_id
      WHERE a.failed AND a.server IS NOT NULL GROUP BY 1, 2) ranked
    WHERE rank = 1)
  SELECT i.id, i.title, i.created_at, coalesce(req.requests, 0) AS requests, coalesce(req.count502, 0) AS count502,
    req."from", req."to", worst.server AS worst_server
  FROM incidents i LEFT JOIN req ON req.incident_id = i.id LEFT JOIN worst ON worst.incident_id = i.id
  ORDER BY i.created_at DESC`;
