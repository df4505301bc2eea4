import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { getLines, getUpstreamTables } from '../../incidents';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../duckdb';

// A request and its first try are staged as one row and split by DuckDB; further tries are staged apart.
// Real nginx lines: one try, two tries (a 502 hidden behind a 200), three tries across an internal redirect.
const LINES = [
  '10.0.0.1 - - [25/Nov/2026:00:00:01 +0000] "GET /a HTTP/1.1" 200 3 "-" "curl/8" 0.010 10.0.1.1:80 200 0.010 0.001 0.010 api',
  '10.0.0.2 - - [25/Nov/2026:00:00:02 +0000] "GET /b HTTP/1.1" 200 3 "-" "curl/8" 0.020 10.0.1.1:80, 10.0.1.2:80 502, 200 0.005, 0.015 0.001, 0.002 0.005, 0.015 api',
  '10.0.0.3 - - [25/Nov/2026:00:00:03 +0000] "GET /c HTTP/1.1" 502 3 "-" "curl/8" 0.030 10.0.1.1:80, 10.0.1.2:80 : 10.0.2.1:80 502, 502 : 502 0.010, 0.010 : 0.010 0.001, 0.001 : 0.001 0.010, 0.010 : 0.010 api',
];

describe('requests and their tries, staged together and stored apart', () => {
  it('stores every try of every request with its own server, status and times', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    const { id: incidentId } = await store.createIncident({ title: 'tries' });
    await ingestSource({ store, incidentId, name: 'access.log', body: Readable.from([Buffer.from(LINES.join('\n'))]), format: 'nginx_upstream_timed' });
    const { rows } = await getLines(store, { incidentId, kind: 'requests', limit: 10 });
    const tries = rows.map((r) => (r.kind === 'request' ? r.attempts.map((a) => [a.seq, a.server, a.status, a.failed, a.responseMs]) : []));
    expect(tries).toEqual([
      [[0, '10.0.1.1:80', '200', false, 10]],
      [[0, '10.0.1.1:80', '502', true, 5], [1, '10.0.1.2:80', '200', false, 15]],
      [[0, '10.0.1.1:80', '502', true, 10], [1, '10.0.1.2:80', '502', true, 10], [2, '10.0.2.1:80', '502', true, 10]],
    ]);
    expect(rows.map((r) => r.kind === 'request' && [r.status, r.path, r.client, r.requestMs])).toEqual([
      ['200', '/a', '10.0.0.1', 10], ['200', '/b', '10.0.0.2', 20], ['502', '/c', '10.0.0.3', 30],
    ]);
    const tables = await getUpstreamTables(store, { incidentId });
    const servers = Object.fromEntries(tables.upstreams.map((u) => [u.server, [u.attempts, u.failed, u.hidden]]));
    expect(servers).toEqual({ '10.0.1.1:80': [3, 2, 1], '10.0.1.2:80': [2, 1, 0], '10.0.2.1:80': [1, 1, 0] });
    await store.close();
  });
});
