/**
 * Versioned schema migrations, applied in order once each and recorded in schema_migrations.
 * Never edit a released migration: add the next one.
 * Times are UTC epoch milliseconds (BIGINT); statuses are text, kept as the gateway wrote them.
 */
export interface Migration {
  version: number;
  name: string;
  /** The statements, or what writes them from the data (the largest line number, say). */
  sql: string | ((db: MigrationReader) => Promise<string>);
}

/** What a migration may read before its statements are written. */
export interface MigrationReader {
  all<T>(text: string): Promise<T[]>;
}

/** Lines per statement when a migration copies the attempts joined to their requests: DuckDB holds the join in memory. */
const LINES_PER_COPY = 1_000_000;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'incidents, sources, requests, attempts',
    sql: `
      CREATE TABLE incidents (
        id VARCHAR PRIMARY KEY,
        title VARCHAR NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE SEQUENCE source_ids START 1;
      CREATE TABLE sources (
        id INTEGER PRIMARY KEY,
        incident_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        format VARCHAR,
        gateway VARCHAR,
        state VARCHAR NOT NULL,
        error VARCHAR,
        bytes BIGINT,
        sha256 VARCHAR,
        lines_total BIGINT,
        lines_parsed BIGINT,
        lines_rejected BIGINT,
        first_time BIGINT,
        last_time BIGINT,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE source_rejects (
        source_id INTEGER NOT NULL,
        line_no BIGINT NOT NULL,
        reason VARCHAR NOT NULL,
        text VARCHAR NOT NULL
      );
      CREATE TABLE requests (
        source_id INTEGER NOT NULL,
        line_no BIGINT NOT NULL,
        time BIGINT NOT NULL,
        client VARCHAR,
        method VARCHAR,
        host VARCHAR,
        path VARCHAR,
        status VARCHAR NOT NULL,
        bytes BIGINT,
        request_ms DOUBLE,
        pool VARCHAR,
        attempt_count INTEGER NOT NULL
      );
      CREATE TABLE attempts (
        source_id INTEGER NOT NULL,
        line_no BIGINT NOT NULL,
        seq INTEGER NOT NULL,
        time BIGINT NOT NULL,
        pool VARCHAR,
        server VARCHAR,
        status VARCHAR,
        request_status VARCHAR NOT NULL,
        failed BOOLEAN NOT NULL,
        cause VARCHAR,
        response_ms DOUBLE,
        connect_ms DOUBLE,
        header_ms DOUBLE
      );
    `,
  },
  {
    version: 2,
    name: 'gateway events, gateway codes, source detection and notes',
    sql: `
      CREATE TABLE gateway_events (
        source_id INTEGER NOT NULL,
        line_no BIGINT NOT NULL,
        time BIGINT NOT NULL,
        level VARCHAR,
        message VARCHAR NOT NULL,
        cause VARCHAR,
        server VARCHAR,
        upstream_url VARCHAR,
        client VARCHAR,
        request VARCHAR,
        host VARCHAR,
        connection VARCHAR
      );
      ALTER TABLE requests ADD COLUMN gateway_code VARCHAR;
      ALTER TABLE requests ADD COLUMN retries INTEGER;
      ALTER TABLE requests ADD COLUMN request_id VARCHAR;
      ALTER TABLE requests ADD COLUMN user_agent VARCHAR;
      ALTER TABLE sources ADD COLUMN confidence DOUBLE;
      ALTER TABLE sources ADD COLUMN lines_foreign BIGINT;
      ALTER TABLE sources ADD COLUMN events BIGINT;
      ALTER TABLE sources ADD COLUMN envelope VARCHAR;
      ALTER TABLE sources ADD COLUMN notes VARCHAR;
      ALTER TABLE sources ADD COLUMN stream VARCHAR;
      ALTER TABLE sources ADD COLUMN formats VARCHAR;
      ALTER TABLE sources ADD COLUMN lines_joined BIGINT;
      ALTER TABLE sources ADD COLUMN progress_at BIGINT;
      ALTER TABLE attempts ADD COLUMN outcome VARCHAR;
    `,
  },
  {
    version: 3,
    name: 'raw lines as evidence, annotations',
    sql: `
      ALTER TABLE requests ADD COLUMN raw VARCHAR;
      ALTER TABLE gateway_events ADD COLUMN raw VARCHAR;
      CREATE TABLE annotations (
        id VARCHAR PRIMARY KEY,
        incident_id VARCHAR NOT NULL,
        time BIGINT NOT NULL,
        label VARCHAR NOT NULL,
        created_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'causes fused from the gateway error log',
    sql: `
      ALTER TABLE attempts ADD COLUMN access_cause VARCHAR;
      ALTER TABLE attempts ADD COLUMN event_source INTEGER;
      ALTER TABLE attempts ADD COLUMN event_line BIGINT;
      UPDATE attempts SET access_cause = cause;
    `,
  },
  {
    version: 5,
    name: 'probe results',
    sql: `
      CREATE TABLE probe_results (
        incident_id VARCHAR NOT NULL,
        source_id INTEGER,
        line_no BIGINT,
        time BIGINT NOT NULL,
        target VARCHAR NOT NULL,
        server VARCHAR,
        kind VARCHAR NOT NULL,
        ok BOOLEAN NOT NULL,
        status INTEGER,
        latency_ms DOUBLE,
        ttfb_ms DOUBLE,
        error VARCHAR,
        origin VARCHAR NOT NULL,
        detail VARCHAR,
        tls VARCHAR,
        addresses VARCHAR
      );
    `,
  },
  {
    version: 6,
    name: 'wizard conclusions',
    sql: `
      CREATE TABLE wizard_notes (
        incident_id VARCHAR NOT NULL,
        step VARCHAR NOT NULL,
        conclusion VARCHAR NOT NULL,
        note VARCHAR NOT NULL,
        author VARCHAR NOT NULL,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: 'rollups per second, latency histograms per minute, failed requests marked',
    // Filled from the raw rows here for stores made before rollups; ingest keeps them from then on.
    sql: `
      ALTER TABLE requests ADD COLUMN failed BOOLEAN;
      UPDATE requests SET failed = (source_id, line_no) IN (SELECT source_id, line_no FROM attempts WHERE failed);
      CREATE TABLE request_seconds (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, pool VARCHAR, status VARCHAR NOT NULL,
        n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL
      );
      CREATE TABLE attempt_seconds (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, pool VARCHAR, server VARCHAR, status VARCHAR, outcome VARCHAR,
        cause VARCHAR, failed BOOLEAN NOT NULL, request_status VARCHAR NOT NULL, n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL
      );
      CREATE TABLE attempt_latency (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, pool VARCHAR, server VARCHAR, request_status VARCHAR NOT NULL,
        cause VARCHAR, bucket INTEGER NOT NULL, n BIGINT NOT NULL
      );
      INSERT INTO request_seconds
        SELECT source_id, time - time % 1000, pool, status, count(*), min(time), max(time) FROM requests GROUP BY ALL;
      INSERT INTO attempt_seconds
        SELECT source_id, time - time % 1000, pool, server, status, outcome, cause, failed, request_status, count(*), min(time), max(time)
        FROM attempts GROUP BY ALL;
      INSERT INTO attempt_latency
        SELECT source_id, time - time % 60000, pool, server, request_status, cause,
          CAST(floor(ln(1 + greatest(response_ms, 0)) * 40) AS INTEGER), count(*)
        FROM attempts WHERE response_ms IS NOT NULL GROUP BY ALL;
    `,
  },
  {
    version: 8,
    name: 'attempts named by the error log',
    // Caddy's access entry never names the upstream: its error and debug entries of the same connection do.
    sql: `
      ALTER TABLE attempts ADD COLUMN from_event BOOLEAN DEFAULT false;
      ALTER TABLE requests ADD COLUMN connection VARCHAR;
      ALTER TABLE gateway_events ADD COLUMN status VARCHAR;
    `,
  },
  {
    version: 9,
    name: 'failures per second by host and path prefix',
    sql: `
      CREATE TABLE failure_hits (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, pool VARCHAR, server VARCHAR, request_status VARCHAR NOT NULL,
        cause VARCHAR, host VARCHAR, path VARCHAR, n BIGINT NOT NULL
      );
      INSERT INTO failure_hits
        SELECT a.source_id, a.time - a.time % 1000, a.pool, a.server, a.request_status, a.cause, r.host,
          regexp_extract(r.path, '^(/[^/?#]*){1,2}'), count(*)
        FROM attempts a JOIN requests r ON r.source_id = a.source_id AND r.line_no = a.line_no
        WHERE a.failed GROUP BY ALL;
    `,
  },
  {
    version: 10,
    name: 'raw lines kept in a file per source',
    // Rows stored before keep their line in \`raw\`; from now on it is in the source's archive (line-archive.ts).
    sql: `
      ALTER TABLE requests ADD COLUMN raw_at BIGINT;
      ALTER TABLE requests ADD COLUMN raw_bytes INTEGER;
    `,
  },
  {
    version: 11,
    name: 'error-log lines kept in the source file too',
    // An outage writes an error line for each failed try: millions, whose text sat in DuckDB's memory.
    sql: `
      ALTER TABLE gateway_events ADD COLUMN raw_at BIGINT;
      ALTER TABLE gateway_events ADD COLUMN raw_bytes INTEGER;
    `,
  },
  {
    version: 12,
    name: 'lines kept in compressed blocks',
    // raw_block: the number of the line's block in the source's archive. Rows of versions 10 and 11 (an
    // uncompressed archive that lived for a few commits, never released) have none: their lines read as not kept.
    sql: `
      ALTER TABLE requests ADD COLUMN raw_block BIGINT;
      ALTER TABLE gateway_events ADD COLUMN raw_block BIGINT;
    `,
  },
  {
    version: 13,
    name: 'what an incident redacts, and its secret for client addresses',
    // Client stand-ins are an HMAC of the address under this key: stable across the incident's sources,
    // and not reversible by trying every address, as a key anyone could read (the incident id) would be.
    // redactions: what any upload to the incident asked to redact; every later upload redacts it too.
    sql: `
      CREATE TABLE incident_redaction (
        incident_id VARCHAR PRIMARY KEY,
        redaction_key VARCHAR NOT NULL,
        redactions VARCHAR NOT NULL DEFAULT ''
      );
    `,
  },
  {
    version: 14,
    name: 'an incident has a status and notes',
    // DESIGN section 3: where the investigation stands (investigating, mitigated, resolved) and what the team
    // wrote down, for the channel and the postmortem. Incidents from before read as under investigation.
    sql: `
      ALTER TABLE incidents ADD COLUMN status VARCHAR DEFAULT 'investigating';
      ALTER TABLE incidents ADD COLUMN notes VARCHAR DEFAULT '';
    `,
  },
  {
    version: 15,
    name: 'HAProxy servers named backend/server',
    // A server name is its backend's own: "web1" of two backends are two servers, which the diagnosis merged.
    // HAProxy sources stored before are renamed the way the format names them now, rollups included.
    sql: ['attempts', 'attempt_seconds', 'attempt_latency', 'failure_hits'].map((table) => `
      UPDATE ${table} SET server = pool || '/' || server
      WHERE server IS NOT NULL AND pool IS NOT NULL AND source_id IN (SELECT id FROM sources WHERE format = 'haproxy_http');`).join(''),
  },
  {
    version: 16,
    name: 'requests tried more than once, per second',
    // For the retries over time beside the 502s; counted again from the requests already stored.
    sql: `
      ALTER TABLE request_seconds ADD COLUMN retried BIGINT DEFAULT 0;
      DELETE FROM request_seconds;
      INSERT INTO request_seconds (source_id, time, pool, status, n, first, last, retried)
        SELECT source_id, time - time % 1000, pool, status, count(*), min(time), max(time), count(*) FILTER (WHERE attempt_count > 1 OR retries > 0)
        FROM requests GROUP BY ALL;
    `,
  },
  {
    version: 17,
    name: 'no request id or user agent column',
    // Nothing read them, and the line they came from is kept whole in the source's archive: storing them
    // again cost ingest time, more so for real browsers' long user agents.
    sql: `
      ALTER TABLE requests DROP COLUMN request_id;
      ALTER TABLE requests DROP COLUMN user_agent;
    `,
  },
  {
    version: 18,
    name: 'requests and attempts per second by host and path prefix',
    // A selection by host or path ("/checkout") read every raw row joined to its request: 0.5-3 s on 10M
    // requests. Each attempt now carries its request's host and path prefix, and both tables have a rollup
    // keyed by them, which also gives the hosts and paths of a window's failures (failure_hits before).
    // Attempts stored before get their host (and path) when migration 21 writes the table anew, which also
    // counts their rollup: one pass over them rather than an UPDATE here and the rewrite there (a store of
    // 10M requests upgraded from 17 peaked at 502 MiB with both).
    sql: `
      ALTER TABLE attempts ADD COLUMN host VARCHAR;
      ALTER TABLE attempts ADD COLUMN path_prefix VARCHAR;
      CREATE TABLE request_paths (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, host VARCHAR, path VARCHAR, pool VARCHAR, status VARCHAR NOT NULL,
        n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL, retried BIGINT NOT NULL
      );
      CREATE TABLE attempt_paths (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, host VARCHAR, path_prefix VARCHAR, pool VARCHAR, server VARCHAR,
        status VARCHAR, outcome VARCHAR, cause VARCHAR, failed BOOLEAN NOT NULL, request_status VARCHAR NOT NULL,
        n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL
      );
      INSERT INTO request_paths
        SELECT source_id, time - time % 1000, host, regexp_extract(path, '^(/[^/?#]*){1,2}'), pool, status, count(*), min(time), max(time),
          count(*) FILTER (WHERE attempt_count > 1 OR retries > 0)
        FROM requests WHERE source_id IN (SELECT id FROM sources WHERE state = 'done') GROUP BY ALL;
      DROP TABLE failure_hits;
    `,
  },
  {
    version: 19,
    name: 'the requests of a server counted from its attempts',
    // Requests by server joined the requests to their attempts (0.2-0.36 s on 10M requests). An attempt now says
    // whether it is its request's first try of its server and whether the request was tried more than once:
    // the requests of a server are counted from its attempts alone. Attempts stored before get request_retried
    // when migration 21 writes the table anew. No DEFAULT on the columns: DuckDB refuses to commit two columns
    // added with one to a table in one transaction.
    sql: `
      ALTER TABLE attempts ADD COLUMN first_on_server BOOLEAN;
      ALTER TABLE attempts ADD COLUMN request_retried BOOLEAN;
    `,
  },
  {
    version: 20,
    name: 'no first-try-of-its-server mark on attempts',
    // Version 19's first_on_server counted the requests of a server only; the requests of a cause too are now
    // counted from the attempts, grouping the few requests tried more than once (request_retried), which
    // counts those of a server as well.
    sql: 'ALTER TABLE attempts DROP COLUMN first_on_server;',
  },
  {
    version: 21,
    name: 'each attempt carries its request path',
    // A path deeper than its prefix (a top path clicked, /api/item/1001) joined the attempts to their requests
    // in every query: a diagnosis took 2.5 s on 10M requests. Attempts stored before get it from their requests.
    // The table is written anew rather than updated in place: an UPDATE of 10M rows ran out of DuckDB's 256 MB,
    // where an INSERT writes its rows to disk as it goes. Host, path and request_retried (18, 19) are read from
    // the requests, whichever version the attempts were stored at. The prefix is cut from the path where the
    // rollup is built; the rollup's column is named like the requests' rollup's, so one condition serves both.
    // The rollup is made anew (empty; 22 counts it): DuckDB refuses to commit rows written to a table altered in
    // the same transaction.
    // The copy goes a million lines at a time (the table stays in line order, chunk by chunk): joined whole, 10M
    // requests ran out of memory.
    sql: async (db) => {
      const [{ last } = { last: null }] = await db.all<{ last: number | null }>(
        'SELECT greatest((SELECT max(line_no) FROM requests), (SELECT max(line_no) FROM attempts)) AS last',
      );
      const copies: string[] = [];
      for (let from = 0; from <= Number(last ?? 0); from += LINES_PER_COPY) {
        const to = from + LINES_PER_COPY;
        copies.push(`INSERT INTO attempts_with_path
          SELECT a.source_id, a.line_no, a.seq, a.time, a.pool, a.server, a.status, a.request_status, a.failed, a.cause, a.response_ms,
            a.connect_ms, a.header_ms, a.outcome, a.access_cause, a.event_source, a.event_line, a.from_event, r.host,
            coalesce(r.attempt_count > 1 OR r.retries > 0, false), r.path
          FROM attempts a LEFT JOIN requests r ON r.source_id = a.source_id AND r.line_no = a.line_no AND r.line_no >= ${from} AND r.line_no < ${to}
          WHERE a.line_no >= ${from} AND a.line_no < ${to};`);
      }
      return `
        CREATE TABLE attempts_with_path (
          source_id INTEGER NOT NULL, line_no BIGINT NOT NULL, seq INTEGER NOT NULL, time BIGINT NOT NULL, pool VARCHAR, server VARCHAR,
          status VARCHAR, request_status VARCHAR NOT NULL, failed BOOLEAN NOT NULL, cause VARCHAR, response_ms DOUBLE, connect_ms DOUBLE,
          header_ms DOUBLE, outcome VARCHAR, access_cause VARCHAR, event_source INTEGER, event_line BIGINT, from_event BOOLEAN DEFAULT false,
          host VARCHAR, request_retried BOOLEAN, path VARCHAR
        );
        ${copies.join('\n')}
        DROP TABLE attempts;
        ALTER TABLE attempts_with_path RENAME TO attempts;
        DROP TABLE attempt_paths;
        CREATE TABLE attempt_paths (
          source_id INTEGER NOT NULL, time BIGINT NOT NULL, host VARCHAR, path VARCHAR, pool VARCHAR, server VARCHAR,
          status VARCHAR, outcome VARCHAR, cause VARCHAR, failed BOOLEAN NOT NULL, request_status VARCHAR NOT NULL,
          n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL
        );
      `;
    },
  },
  {
    version: 22,
    name: 'attempts per second by host and path prefix, counted from the attempts written anew',
    // Apart from 21: counted in its transaction, the 10M rows it had just written ran out of DuckDB's memory.
    // Counted whole, whatever a store built from an earlier commit of these migrations holds.
    sql: `
      DELETE FROM attempt_paths;
      INSERT INTO attempt_paths
        SELECT source_id, time - time % 1000, host, regexp_extract(path, '^(/[^/?#]*){1,2}'), pool, server, status, outcome, cause, failed,
          request_status, count(*), min(time), max(time)
        FROM attempts WHERE source_id IN (SELECT id FROM sources WHERE state = 'done') GROUP BY ALL;
    `,
  },
  {
    version: 23,
    name: 'lines read but kept out of the store, outside the time range asked for',
    sql: `ALTER TABLE sources ADD COLUMN IF NOT EXISTS lines_outside BIGINT;`,
  },
  {
    version: 24,
    name: 'failed requests counted in the requests per second by host and path prefix',
    // The top hosts and path prefixes of the failures are read from this rollup: cut from each failed request's
    // path in the query, they took 403 ms on 10M requests whose failed paths were all distinct. Made anew (25
    // counts it): DuckDB refuses to commit rows written to a table altered in the same transaction.
    sql: `
      DROP TABLE request_paths;
      CREATE TABLE request_paths (
        source_id INTEGER NOT NULL, time BIGINT NOT NULL, host VARCHAR, path VARCHAR, pool VARCHAR, status VARCHAR NOT NULL,
        n BIGINT NOT NULL, first BIGINT NOT NULL, last BIGINT NOT NULL, retried BIGINT NOT NULL, failed BIGINT NOT NULL
      );
    `,
  },
  {
    version: 25,
    name: 'requests per second by host and path prefix, counted anew with their failures',
    // A million lines a statement, as ingest counts it (rollups.ts): with a distinct prefix on every request,
    // grouped whole, the groups of 10M requests would all be held at once.
    sql: async (db) => {
      const [{ last } = { last: null }] = await db.all<{ last: number | null }>('SELECT max(line_no) AS last FROM requests');
      const counts: string[] = [];
      for (let from = 0; from <= Number(last ?? 0); from += LINES_PER_COPY) {
        counts.push(`INSERT INTO request_paths
          SELECT source_id, time - time % 1000, host, regexp_extract(path, '^(/[^/?#]*){1,2}'), pool, status, count(*), min(time), max(time),
            count(*) FILTER (WHERE attempt_count > 1 OR retries > 0), count(*) FILTER (WHERE failed)
          FROM requests WHERE source_id IN (SELECT id FROM sources WHERE state = 'done') AND line_no >= ${from} AND line_no < ${from + LINES_PER_COPY}
          GROUP BY ALL;`);
      }
      return counts.join('\n');
    },
  },
];
