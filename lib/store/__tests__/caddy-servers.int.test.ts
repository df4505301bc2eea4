import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident } from '../../ingest/__tests__/support/stored-incident';
import type { RequestLine } from '../../analysis/schema';
import { getLines } from '../../incidents';
import type { Store } from '../types';

const caddy = join(__dirname, '../../../e2e/fixtures/caddy');
// What the client saw (truth.tsv) and which upstream each path was proxied to (README.md, generate.sh).
const truth = readFileSync(join(caddy, 'truth.tsv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t'));
const expected: Record<string, [string | null, string]> = {
  refused: ['127.0.0.1:18553', 'upstream_refused'],
  reset: ['127.0.0.1:18554', 'upstream_reset'],
  close: ['127.0.0.1:18555', 'upstream_closed_early'],
  partial: ['127.0.0.1:18560', 'upstream_closed_early'],
  garbage: ['127.0.0.1:18556', 'invalid_response'],
  slow: ['127.0.0.1:18557', 'upstream_timeout'],
  'upstream-502': ['127.0.0.1:18558', 'upstream_returned_502'],
  tls: ['127.0.0.1:18551', 'tls_failure'],
  dns: ['no-such-upstream.invalid:80', 'dns_failure'],
};

describe('Caddy: failed requests take their upstream and cause from the error entry of the same request', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    ({ store, incidentId } = await storedIncident('caddy', [join(caddy, 'access.log'), join(caddy, 'error.log')]));
  });
  afterAll(async () => store.close());

  it('names the server and cause of every failed request, as many as the client saw fail', async () => {
    for (const [scenario, [server, cause]] of Object.entries(expected)) {
      const sent = truth.filter((t) => t[1] === scenario);
      const { rows } = await getLines(store, { incidentId, kind: 'requests', path: `/${scenario}/`, limit: 100 });
      const attempts = (rows as RequestLine[]).map((r) => [r.status, r.attempts[0]?.server ?? null, r.attempts[0]?.cause ?? null]);
      expect({ scenario, attempts }).toEqual({ scenario, attempts: sent.map((t) => [t[3], server, cause]) });
    }
  });

  it('counts a retry hidden behind a 200 from the debug entries of each try', async () => {
    // README: /retry/ round-robins over 18553 (refused) and 18551; items 2 and 3 met the refusal first.
    const { rows } = await getLines(store, { incidentId, kind: 'requests', path: '/retry/item/2', limit: 10 });
    const [retried] = rows as RequestLine[];
    expect(retried!.status).toBe('200');
    expect(retried!.attempts.map((a) => [a.server, a.failed, a.cause, a.outcome])).toEqual([
      ['127.0.0.1:18553', true, 'upstream_refused', null],
      ['127.0.0.1:18551', false, null, '200'],
    ]);
    const { upstreams } = await store.upstreamTables({ incidentId, path: '/retry/' });
    expect(upstreams.find((u) => u.server === '127.0.0.1:18553')).toMatchObject({ failed: 2, hidden: 2 });
    // The requests of a server, counted from the tries read from the entries, as the lines list them.
    const sel = { incidentId, server: '127.0.0.1:18553' };
    const lines = (await getLines(store, { ...sel, kind: 'requests', limit: 1000 })).rows as RequestLine[];
    const series = await store.series({ ...sel, bucketMs: 60_000, by: 'pool' });
    expect({ requests: (await store.headline(sel)).requests, retried: series.points.reduce((n, p) => n + (p.retried ?? 0), 0) })
      .toEqual({ requests: lines.length, retried: lines.filter((l) => l.attempts.length > 1).length });
    expect(lines.filter((l) => l.attempts.length > 1).length).toBeGreaterThan(0);
  });

  it('takes them back when the error log is removed', async () => {
    const errorLog = (await store.listSources({ incidentId })).find((s) => s.name === 'error.log')!;
    await store.deleteSource({ incidentId, sourceId: errorLog.id! });
    const { upstreams } = await store.upstreamTables({ incidentId });
    expect(upstreams.map((u) => u.server)).toEqual([null]);
    expect(Object.keys(upstreams[0]!.causes)).toEqual(['unknown']);
  });
});
