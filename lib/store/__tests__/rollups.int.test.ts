import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import type { RequestLine } from '../../analysis/schema';
import { getLines } from '../../incidents';
import { percentiles, roundMs } from '../assemble';
import { LATENCY_BUCKETS_PER_E, latencyBucketSql, latencyOfBucket } from '../rollups';
import { pathPrefixServes } from '../selection';
import type { Selection, Store } from '../types';

const fixtures = join(__dirname, '../../../e2e/fixtures');
// nginx writes whole seconds, HAProxy milliseconds: ranges cut inside a second take rows from both sides.
const files = [
  join(fixtures, 'corpus/nginx-media-reset-close/access.log'),
  join(fixtures, 'corpus/nginx-media-reset-close/error.log'),
  join(fixtures, 'haproxy/access.log'),
  // A request refused twice by one server (two peers of one address) before another answered.
  join(fixtures, 'nginx-same-server/access.log'),
  // Caddy's access lines name no upstream: its error log, read after them, gives their tries (a retry behind a 200 among them).
  join(fixtures, 'caddy/access.log'),
  join(fixtures, 'caddy/error.log'),
];

/** Every request of a selection, read from the raw rows through the lines view. */
async function allLines(store: Store, sel: Selection, limit = 1000): Promise<RequestLine[]> {
  const rows: RequestLine[] = [];
  let after: string | undefined;
  do {
    const page = await getLines(store, { ...sel, kind: 'requests', after, limit });
    rows.push(...(page.rows as RequestLine[]));
    after = page.next ?? undefined;
  } while (after);
  return rows;
}

/**
 * The requests of a selection picked in JavaScript from every request of the incident (read unfiltered): the
 * reference both the rollups and the lines view's own filtering must equal.
 */
function selectLines(all: readonly RequestLine[], sel: Omit<Selection, 'incidentId'>): RequestLine[] {
  return all.filter((l) => {
    const t = Date.parse(l.time);
    if ((sel.from !== undefined && t < sel.from) || (sel.to !== undefined && t >= sel.to)) return false;
    if (sel.pool !== undefined && (l.pool ?? '-') !== sel.pool) return false;
    if (sel.status !== undefined && l.status !== sel.status) return false;
    if (sel.host !== undefined && l.host !== sel.host) return false;
    if (sel.path !== undefined && !(l.path !== null && l.path.startsWith(sel.path))) return false;
    if (sel.endpoint !== undefined && (l.path === null || endpointOf(l.path) !== sel.endpoint)) return false;
    return l.attempts.some((a) => (sel.server === undefined || (a.server ?? '-') === sel.server) && (sel.cause === undefined || a.cause === sel.cause));
  });
}

/** A path's endpoint, its first one or two segments, as rollups.ts's pathPrefixSql cuts it. */
const endpointOf = (path: string) => /^(\/[^/?#]*){1,2}/.exec(path)?.[0] ?? '';

/** A response time's latency bucket, as rollups.ts's latencyBucketSql computes it. */
const bucketOf = (ms: number) => Math.floor(Math.log(1 + Math.max(ms, 0)) * LATENCY_BUCKETS_PER_E);

/** The upstream table's counts and latency percentiles, recounted from raw lines: the reference the rollups must equal. */
function recount(lines: RequestLine[], sel: Selection) {
  const servers: Record<string, { attempts: number; failed: number; statuses: Record<string, number>; causes: Record<string, number>; latency: unknown }> = {};
  const histograms = new Map<string, Map<number, number>>();
  for (const line of lines) {
    for (const a of line.attempts) {
      if (sel.server !== undefined && (a.server ?? '-') !== sel.server) continue;
      if (sel.cause !== undefined && a.cause !== sel.cause) continue;
      const key = `${line.pool}|${a.server}`;
      const u = (servers[key] ??= { attempts: 0, failed: 0, statuses: {}, causes: {}, latency: null });
      u.attempts++;
      u.statuses[a.status ?? '-'] = (u.statuses[a.status ?? '-'] ?? 0) + 1;
      if (a.failed) {
        u.failed++;
        u.causes[a.cause ?? 'unknown'] = (u.causes[a.cause ?? 'unknown'] ?? 0) + 1;
      }
      if (a.responseMs === null) continue;
      const histogram = histograms.get(key) ?? new Map<number, number>();
      histogram.set(bucketOf(a.responseMs), (histogram.get(bucketOf(a.responseMs)) ?? 0) + 1);
      histograms.set(key, histogram);
    }
  }
  for (const [key, u] of Object.entries(servers)) {
    const buckets = [...(histograms.get(key) ?? [])].sort((a, b) => a[0] - b[0]).map(([bucket, n]) => ({ bucket, n }));
    const [p50, p95, p99] = percentiles(buckets).map(roundMs);
    u.latency = { p50, p95, p99 };
  }
  return servers;
}

// Read through the rollups, then as for an incident whose rollups by path prefix hold a row per request (ids in
// the path's second segment), where a selection by host or path reads the raw rows: both must answer the same.
// The second run also picks the incident's rows by a join to its stored sources, as for an incident of more
// sources than a selection names (a shipper's batches), rather than by their ids.
for (const [plan, densePathRollups, listedSources] of [
  ['the rollups', undefined, undefined],
  ['the raw rows wherever a selection is by host or path, the sources joined', { minRequests: 0, share: 0 }, 0],
] as const) describe(`rollups answer exactly what the raw rows say (real nginx and HAProxy logs, real DuckDB), read through ${plan}`, () => {
  let store: Store;
  let incidentId: string;
  let from = 0;
  let to = 0;
  beforeAll(async () => {
    const names = files.map((file) => file.split('/').slice(-2).join('/'));
    // Rollups built 50 lines a statement: the seconds at each cut are summed in two rows, which must add up.
    ({ store, incidentId } = await storedIncident('rollups', files, { names, context: { ...UTC, year: 2026 }, rollupLinesPerStatement: 50, densePathRollups, listedSources }));
    const span = await store.timeSpan({ incidentId });
    from = span.from!;
    to = span.to! + 1;
  });
  afterAll(async () => store.close());

  const selections = (): [string, Omit<Selection, 'incidentId'>][] => [
    ['the whole incident', {}],
    ['a range cut inside seconds', { from: from + 12_345, to: to - 7_777 }],
    ['a range inside one second', { from: from + 500, to: from + 900 }],
    ['only a start, mid-second', { from: from + 20_250 }],
    ['only an end, mid-second', { to: from + 30_750 }],
    ['one pool', { pool: 'media' }],
    ['one server and a cut range', { server: '127.0.0.1:18131', from: from + 3_333, to: to - 4_444 }],
    ['one cause', { cause: 'upstream_reset' }],
    ['what clients got: 502', { status: '502' }],
    // Host and path read the rollups keyed by host and path prefix, or the raw rows for a longer path.
    ['a path prefix', { path: '/media' }],
    ['part of a path segment', { path: '/med' }],
    ['two path segments and a cut range', { path: '/media/item', from: from + 12_345, to: to - 7_777 }],
    ['a path longer than its prefix', { path: '/media/item/1' }],
    // HAProxy's <NOSRV>: tries that reached no server and logged no response time.
    ['a path longer than its prefix that reached no server', { path: '/down/item/' }],
    // Caddy's tries come from its error log, read after its access lines: the requests' rollups must follow them.
    ['a path whose requests were retried behind a 200', { path: '/retry/' }],
    ['a host', { host: '127.0.0.1:18500' }],
    ['a host and a server', { host: '127.0.0.1:18500', server: 'refused/web1' }],
    ['a path and a cause', { path: '/media', cause: 'upstream_reset' }],
    // An endpoint is a path's first two segments exactly: "/" is the root page alone, not every path.
    ['an endpoint', { endpoint: '/media/item' }],
    ['the root endpoint', { endpoint: '/' }],
    ['an endpoint, a server and a cut range', { endpoint: '/media/item', server: '127.0.0.1:18131', from: from + 12_345, to: to - 7_777 }],
    // The requests of a server are counted from its attempts: a request that tried it twice counts once.
    ['a server tried twice by one request', { server: '127.0.0.1:18492' }],
    ['a server and a path', { server: '127.0.0.1:18131', path: '/media/item' }],
    // Requests retried onto the server after another refused them: their first try is not the server's.
    ['a server and a path longer than its prefix', { server: '127.0.0.1:18131', path: '/media/item/1' }],
    ['a cause two tries of one request had', { cause: 'unknown' }],
    ['a server and a cause two tries of one request had', { server: '127.0.0.1:18492', cause: 'unknown' }],
  ];

  it('gives the same requests, 502s, first 502 and time span as the raw lines for every kind of selection', async () => {
    const everything = await allLines(store, { incidentId });
    const total = everything.length;
    const key = (l: RequestLine) => `${l.sourceId}:${l.line}`;
    for (const [name, s] of selections()) {
      const sel = { incidentId, ...s };
      const lines = selectLines(everything, s);
      expect({ name, listed: (await allLines(store, sel)).map(key) }).toEqual({ name, listed: lines.map(key) });
      const headline = await store.headline(sel);
      const s502 = lines.filter((l) => l.status === '502');
      // Each host and path selection picks some requests, not all: else it would prove nothing.
      if (s.host !== undefined || s.path !== undefined || s.endpoint !== undefined) expect({ name, some: lines.length > 0 && lines.length < total }).toEqual({ name, some: true });
      const span = await store.timeSpan(sel);
      const times = lines.map((l) => Date.parse(l.time));
      expect({ name, requests: headline.requests, s502: headline.s502, first502: headline.first502, span }).toEqual({
        name, requests: lines.length, s502: s502.length, first502: s502[0]?.time ?? null,
        span: times.length ? { from: Math.min(...times), to: Math.max(...times) } : { from: null, to: null },
      });
    }
  });

  it('gives the same attempts, failures, statuses, causes and latency percentiles per server, and requests per pool, as the raw lines', async () => {
    const everything = await allLines(store, { incidentId });
    for (const [name, s] of selections()) {
      const sel = { incidentId, ...s };
      const expected = recount(selectLines(everything, s), sel);
      const { upstreams, pools } = await store.upstreamTables(sel);
      const got = Object.fromEntries(upstreams.map((u) => [`${u.pool}|${u.server}`, { attempts: u.attempts, failed: u.failed, statuses: u.statuses, causes: u.causes, latency: u.latency }]));
      expect({ name, got }).toEqual({ name, got: expected });
      // What the clients got, per pool: the selection's requests, each once however many tries it had.
      const requests: Record<string, { requests: number; statuses: Record<string, number> }> = {};
      for (const line of selectLines(everything, s)) {
        const pool = (requests[String(line.pool)] ??= { requests: 0, statuses: {} });
        pool.requests++;
        pool.statuses[line.status] = (pool.statuses[line.status] ?? 0) + 1;
      }
      const gotPools = Object.fromEntries(pools.map((p) => [String(p.pool), { requests: p.requests, statuses: p.statuses }]));
      expect({ name, pools: gotPools }).toEqual({ name, pools: requests });
    }
    // A selection that actually cut through rows on both sides of its core, or the test proves nothing.
    const cut = await allLines(store, { incidentId, from: from + 12_345, to: to - 7_777 });
    expect(cut.length).toBeGreaterThan(0);
    expect(cut.some((l) => Date.parse(l.time) % 1000 !== 0)).toBe(true);
  });

  // Paging by host or path without the rollups' horizon is the raw plan a deeper path always had.
  it.skipIf(densePathRollups !== undefined)('pages through the lines in small pages without skipping or repeating a row (pages end at a horizon the rollups give)', async () => {
    const also = ['two path segments and a cut range', 'one server and a cut range', 'a server and a cause two tries of one request had'];
    for (const [name, s] of [...selections().slice(0, 6), ...selections().filter(([n]) => also.includes(n))]) {
      const sel = { incidentId, ...s };
      const key = (l: RequestLine) => `${l.sourceId}:${l.line}`;
      const small = (await allLines(store, sel, 7)).map(key);
      expect({ name, small }).toEqual({ name, small: (await allLines(store, sel, 1000)).map(key) });
      expect(new Set(small).size).toBe(small.length);
    }
  });

  it('draws series whose buckets add up to the raw counts', async () => {
    for (const [name, s] of [...selections().slice(0, 5), ...selections().filter(([, sel]) => sel.path !== undefined || sel.host !== undefined || sel.endpoint !== undefined || sel.server !== undefined || sel.cause !== undefined)]) {
      const sel = { incidentId, ...s };
      const lines = selectLines(await allLines(store, { incidentId }), s);
      const series = await store.series({ ...sel, bucketMs: 5000, by: 'pool' });
      const total = series.points.reduce((n, p) => n + p.n, 0);
      const s502 = series.points.reduce((n, p) => n + p.s502, 0);
      // Requests tried more than once, where the lines show every try: HAProxy's count retries its line shows as one.
      const allTries = lines.every((l) => !l.source.includes('haproxy'));
      const retried = allTries ? series.points.reduce((n, p) => n + (p.retried ?? 0), 0) : 'not recounted';
      expect({ name, total, s502, retried }).toEqual({
        name, total: lines.length, s502: lines.filter((l) => l.status === '502').length,
        retried: allTries ? lines.filter((l) => l.attempts.length > 1).length : 'not recounted',
      });
    }
  });

  it('names the top hosts, paths and path prefixes of the failures as the raw lines do, for every kind of selection', async () => {
    const everything = await allLines(store, { incidentId });
    const limit = 50;
    // Most failures first, then by value (nulls last), as many as the limit: what the top list shows.
    const top = (counts: Map<string | null, number>) => [...counts]
      .sort(([a, n], [b, m]) => m - n || (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1))
      .slice(0, limit)
      .map(([value, failed]) => ({ value, failed }));
    // Ranges whose edges hold a failure inside its second (HAProxy's milliseconds): read from the raw rows.
    const failedAt = everything.filter((l) => l.attempts.some((a) => a.failed)).map((l) => Date.parse(l.time)).find((t) => t % 1000 !== 0)!;
    const cuts: [string, Omit<Selection, 'incidentId'>][] = [
      ['a range ending just after a failure inside its second', { from: failedAt - 2_500, to: failedAt + 1 }],
      ['a range starting at a failure inside its second', { from: failedAt, to: failedAt + 3_000 }],
    ];
    let listed = 0;
    for (const [name, s] of [...selections(), ...cuts]) {
      const byTries = s.server !== undefined || s.cause !== undefined;
      const counts = { host: new Map<string | null, number>(), path: new Map<string | null, number>(), prefix: new Map<string | null, number>() };
      for (const line of selectLines(everything, s)) {
        // A selection by a try's server or cause asks for the requests whose matching try failed.
        const tries = byTries ? line.attempts.filter((a) => (s.server === undefined || (a.server ?? '-') === s.server) && (s.cause === undefined || a.cause === s.cause)) : line.attempts;
        if (!tries.some((a) => a.failed)) continue;
        const prefix = line.path === null ? null : (/^(\/[^/?#]*){1,2}/.exec(line.path)?.[0] ?? '');
        for (const [kind, value] of [['host', line.host], ['path', line.path], ['prefix', prefix]] as const) counts[kind].set(value, (counts[kind].get(value) ?? 0) + 1);
      }
      const got = await store.topFailures({ incidentId, ...s, limit });
      const expected = { hosts: top(counts.host), paths: top(counts.path), prefixes: top(counts.prefix) };
      expect({ name, got }).toEqual({ name, got: expected });
      listed += expected.paths.length;
    }
    expect(listed).toBeGreaterThan(selections().length);
  });

  it('names the hosts and path prefixes of a window\'s failures as the raw lines do, for a window cut inside seconds', async () => {
    const server = '127.0.0.1:18131';
    // A window inside the data (edges only), and one around it whose whole minutes come from the rollup.
    for (const window of [{ server, pool: 'media', from: from + 7_250, to: to - 3_500 }, { server, pool: 'media', from: from - 30_250, to: to + 45_500 }]) {
      const hits = await store.windowHits({ incidentId, windows: [window], top: 50 });
      const lines = await allLines(store, { incidentId, server, from: window.from, to: window.to });
      const expected: Record<string, number> = {};
      for (const line of lines) {
        const failed = line.attempts.filter((a) => a.server === server && a.failed).length;
        const prefix = /^(\/[^/?#]*){1,2}/.exec(line.path ?? '')?.[0] ?? '';
        if (failed) expected[prefix] = (expected[prefix] ?? 0) + failed;
      }
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(Object.fromEntries(hits.filter((h) => h.kind === 'path').map((h) => [h.value, h.failed]))).toEqual(expected);
    }
  });

  it('reads a path filter from the path prefix only when the prefix decides it', () => {
    expect(['/checkout', '/api/ca', '/api/cart', '/', '/a/'].filter((p) => !pathPrefixServes(p))).toEqual([]);
    expect(['/api/cart/1', '/api/cart/', '/a?x=1', '/a#top', 'api', ''].filter((p) => pathPrefixServes(p))).toEqual([]);
  });

  it('reads percentiles from the histogram within a bucket (2.5%) of the exact ones', () => {
    const exact = Array.from({ length: 1000 }, (_, i) => (i + 1) * 1.7);
    const buckets = new Map<number, number>();
    for (const ms of exact) {
      const bucket = Math.floor(Math.log(1 + ms) * 40);
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
    }
    const [p50, p95, p99] = percentiles([...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, n]) => ({ bucket, n })));
    for (const [got, want] of [[p50, exact[499]!], [p95, exact[949]!], [p99, exact[989]!]] as const) {
      expect(Math.abs(got! - want) / want).toBeLessThan(0.026);
    }
    expect(latencyBucketSql('x')).toContain('* 40');
    expect(latencyOfBucket(0)).toBeLessThan(0.02);
  });

  it('keeps the rollups in step when an error log names the causes and when it is removed', async () => {
    const before = await store.upstreamTables({ incidentId, pool: 'media' });
    const sources = await store.listSources({ incidentId });
    const errorLog = sources.find((s) => s.name.endsWith('error.log'))!;
    await store.deleteSource({ incidentId, sourceId: errorLog.id! });
    const without = await store.upstreamTables({ incidentId, pool: 'media' });
    const expected = recount(await allLines(store, { incidentId, pool: 'media' }), { incidentId });
    expect(Object.fromEntries(without.upstreams.map((u) => [`${u.pool}|${u.server}`, u.causes]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v.causes])),
    );
    // The error log named causes the access log alone could not: without it they are unknown again.
    expect(JSON.stringify(without.upstreams.map((u) => u.causes))).not.toEqual(JSON.stringify(before.upstreams.map((u) => u.causes)));
  });
});
