import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import { ingestSource } from '../../ingest/ingest-source';
import type { Store } from '../../store/types';
import { exportLines, getHeadline, getLines, getRelatedLines, getSeries, getTopFailures } from '..';

const corpus = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server');
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));

describe('incident queries on a real nginx incident (access and error log, real DuckDB)', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    ({ store, incidentId } = await storedIncident('api', [join(corpus, 'access.log'), join(corpus, 'error.log')], { context: UTC }));
  });
  afterAll(async () => store.close());

  it('gives the headline figures of truth.json, with 504/503/499 apart and the worst pool and server', async () => {
    const headline = await getHeadline(store, { incidentId });
    expect(headline).toMatchObject({
      requests: truth.total.requests, s502: truth.total.statuses['502'], s499: 0, s503: 0, s504: 0, other5xx: 0,
      worstPool: 'api', worstServer: '127.0.0.1:18111',
    });
    // The first 502 falls inside the first injected fault's window (nginx logs whole seconds).
    expect(Date.parse(headline.first502!)).toBeGreaterThanOrEqual(Date.parse(truth.faults[0].from) - 1000);
    expect(Date.parse(headline.first502!)).toBeLessThanOrEqual(Date.parse(truth.faults[0].to));
  });

  it('draws per pool by default and per server within a chosen pool, with buckets sized to the range', async () => {
    const byPool = await getSeries(store, { incidentId });
    expect(byPool.by).toBe('pool');
    expect(byPool.bucketMs).toBe(1000);
    const sum = (key: string, field: 's502' | 'n') => byPool.points.filter((p) => p.key === key).reduce((n, p) => n + p[field], 0);
    expect(sum('api', 's502')).toBe(truth.pools.api.statuses['502']);
    expect(sum('api', 'n')).toBe(truth.pools.api.requests);
    const byServer = await getSeries(store, { incidentId, pool: 'api' });
    expect(byServer.by).toBe('server');
    expect(new Set(byServer.points.map((p) => p.key))).toEqual(new Set(['127.0.0.1:18111']));
    const narrow = await getSeries(store, { incidentId, maxBuckets: 10 });
    expect(narrow.bucketMs).toBe(10_000);
    expect(new Set(narrow.points.map((p) => p.t)).size).toBeLessThanOrEqual(10);
  });

  it('pages through the lines behind a selection in time order, with their raw text and attempts', async () => {
    const first = await getLines(store, { incidentId, kind: 'requests', status: '502', limit: 100 });
    expect(first.total).toBe(truth.pools.api.statuses['502']);
    expect(first.rows).toHaveLength(100);
    const second = await getLines(store, { incidentId, kind: 'requests', status: '502', limit: 100, after: first.next! });
    const third = await getLines(store, { incidentId, kind: 'requests', status: '502', limit: 100, after: second.next! });
    expect(third.rows).toHaveLength(30);
    expect(third.next).toBeNull();
    const all = [...first.rows, ...second.rows, ...third.rows];
    expect(new Set(all.map((r) => `${r.sourceId}:${r.line}`)).size).toBe(230);
    const row = first.rows[0]!;
    expect(row.kind).toBe('request');
    if (row.kind !== 'request') return;
    expect(row.raw).toContain('" 502 ');
    expect(row.attempts).toEqual([expect.objectContaining({ server: '127.0.0.1:18111', status: '502', failed: true })]);
    expect(row.source).toBe('access.log');
  });

  it('links a failed request to the error-log event that says why, and back', async () => {
    const { rows } = await getLines(store, { incidentId, kind: 'requests', status: '502', limit: 1 });
    const request = rows[0]!;
    const related = await getRelatedLines(store, { incidentId, sourceId: request.sourceId, lineNo: request.line });
    expect(related.related.length).toBeGreaterThan(0);
    const event = related.related[0]!;
    // The first 502 of the outage was an in-flight request whose connection was reset as the server went down.
    expect(request.kind === 'request' && request.path).toBe('/api/item/195');
    expect(event).toMatchObject({ kind: 'event', source: 'error.log', server: '127.0.0.1:18111', cause: 'upstream_reset' });
    expect(event.kind === 'event' && event.request).toBe('GET /api/item/195 HTTP/1.1');
    const back = await getRelatedLines(store, { incidentId, sourceId: event.sourceId, lineNo: event.line });
    expect(back.related.map((r) => `${r.sourceId}:${r.line}`)).toContain(`${request.sourceId}:${request.line}`);
  });

  it('lists the error-log events of a server and cause', async () => {
    const events = await getLines(store, { incidentId, kind: 'events', cause: 'upstream_refused', limit: 5 });
    expect(events.total).toBeGreaterThan(0);
    expect(events.rows.every((e) => e.kind === 'event' && e.cause === 'upstream_refused')).toBe(true);
  });

  it('lists only the failed requests when asked, a page at a time, counted as the top failures count them', async () => {
    const failed = (await getTopFailures(store, { incidentId, limit: 50 })).hosts.reduce((n, h) => n + h.failed, 0);
    const first = await getLines(store, { incidentId, kind: 'requests', failedOnly: true, limit: 100 });
    expect(first.total).toBe(failed);
    expect(first.total).toBeLessThan(truth.total.requests);
    const second = await getLines(store, { incidentId, kind: 'requests', failedOnly: true, limit: 100, after: first.next! });
    const rows = [...first.rows, ...second.rows];
    expect(rows).toHaveLength(Math.min(200, failed));
    expect(rows.every((r) => r.kind === 'request' && r.attempts.some((a) => a.failed))).toBe(true);
    expect(new Set(rows.map((r) => `${r.sourceId}:${r.line}`)).size).toBe(rows.length);
    const all = await getLines(store, { incidentId, kind: 'requests', limit: 100 });
    expect(all.total).toBe(truth.total.requests);
  });

  it('narrows the failed requests to those whose failed try matches a server or cause, together with a path', async () => {
    // Every request, page by page, to count from.
    const all: Awaited<ReturnType<typeof getLines>>['rows'] = [];
    for (let next: string | undefined, page; (page = await getLines(store, { incidentId, kind: 'requests', limit: 500, after: next })); ) {
      all.push(...page.rows);
      if (!page.next) break;
      next = page.next;
    }
    expect(all).toHaveLength(truth.total.requests);
    const server = truth.faults[0].server as string;
    const expected = (cause: string | null, path: string) => all.filter((r) => r.kind === 'request' && r.path?.startsWith(path)
      && r.attempts.some((a) => a.failed && a.server === server && (cause === null || a.cause === cause))).length;
    for (const [cause, path] of [[null, '/api/item/1'], ['upstream_refused', '/api'], ['upstream_refused', '/web']] as const) {
      const sel = { incidentId, server, path, ...(cause && { cause }) };
      const failed = await getLines(store, { ...sel, kind: 'requests', failedOnly: true, limit: 1 });
      const top = await getTopFailures(store, { ...sel, limit: 5000 });
      expect(failed.total).toBe(expected(cause, path));
      expect(top.prefixes.reduce((n, p) => n + p.failed, 0)).toBe(failed.total);
    }
    expect(expected('upstream_refused', '/api')).toBeGreaterThan(0);
    expect(expected('upstream_refused', '/web')).toBe(0);
  });

  it('exports the raw lines of a selection page by page, exactly as the gateway wrote them, in time order', async () => {
    const collect = async (gen: AsyncGenerator<string>) => {
      let text = '';
      for await (const part of gen) text += part;
      return text.split('\n').slice(0, -1);
    };
    const access = readFileSync(join(corpus, 'access.log'), 'utf8').split('\n');
    const failed = await getLines(store, { incidentId, kind: 'requests', failedOnly: true, limit: 1000 });
    const exported = await collect(exportLines(store, { incidentId, kind: 'requests', failedOnly: true }, 37));
    expect(exported).toHaveLength(failed.total);
    expect(exported).toEqual(failed.rows.map((r) => access[r.line - 1]));
    expect(await collect(exportLines(store, { incidentId, kind: 'requests' }, 500))).toHaveLength(truth.total.requests);
    const events = await getLines(store, { incidentId, kind: 'events', limit: 1 });
    expect(await collect(exportLines(store, { incidentId, kind: 'events' }, 50))).toHaveLength(events.total);
    await expect(collect(exportLines(store, { incidentId: 'nope', kind: 'requests' }))).rejects.toMatchObject({ code: 'not_found' });
  });

  it('names the paths of the failures', async () => {
    const top = await getTopFailures(store, { incidentId, limit: 3 });
    expect(top.paths).toHaveLength(3);
    expect(top.paths.every((p) => p.value?.startsWith('/api/'))).toBe(true);
    // Every failed request of this scenario is for /api/item/<id>: one endpoint, each path failing once or twice.
    const failed = (await getTopFailures(store, { incidentId, limit: 50 })).hosts.reduce((n, h) => n + h.failed, 0);
    expect(failed).toBeGreaterThan(3 * top.paths[0]!.failed);
    expect(top.prefixes).toEqual([{ value: '/api/item', failed }]);
  });

  it('keeps annotations, renames and deletes the incident with everything in it', async () => {
    const other = await store.createIncident({ title: 'to delete' });
    await ingestSource({ store, incidentId: other.id, name: 'a.log', body: createReadStream(join(corpus, 'access.log')) });
    const annotation = await store.addAnnotation({ incidentId: other.id, time: Date.parse(truth.faults[0].from), label: 'deploy' });
    expect(await store.listAnnotations({ incidentId: other.id })).toEqual([annotation]);
    expect((await store.updateIncident({ id: other.id, title: 'renamed' })).title).toBe('renamed');
    await store.deleteIncident({ id: other.id });
    expect(await store.getIncident({ id: other.id })).toBeNull();
    expect(await store.listSources({ incidentId: other.id })).toEqual([]);
    expect((await store.headline({ incidentId: other.id })).requests).toBe(0);
    // The other incident is untouched.
    expect((await store.headline({ incidentId })).requests).toBe(truth.total.requests);
  });
});
