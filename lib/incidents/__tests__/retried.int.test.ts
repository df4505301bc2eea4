import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident } from '../../ingest/__tests__/support/stored-incident';
import type { Store } from '../../store/types';
import { getSeries } from '../series';

// Real nginx: checkout's second server refuses for 25 s and nginx tries the request again on the first.
const log = join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused/access.log');
/** The lines whose $upstream_addr lists two servers: the requests nginx tried twice, counted from the file. */
const triedTwice = readFileSync(log, 'utf8').split('\n').filter((line) => /:\d+, \d+\.\d+\.\d+\.\d+:\d+ /.test(line)).length;

describe('requests tried more than once, over time', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    ({ store, incidentId } = await storedIncident('retried', [log]));
  });
  afterAll(async () => store.close());

  const retriedOf = async (sel: { pool?: string; path?: string } = {}) => {
    const series = await getSeries(store, { incidentId, ...sel });
    const perPool = new Map<string, number>();
    for (const p of series.points) perPool.set(p.key, (perPool.get(p.key) ?? 0) + (p.retried ?? 0));
    return perPool;
  };

  it('counts them per pool from the per-second rollup, and the same from the requests when a path filter reads them', async () => {
    expect(triedTwice).toBeGreaterThan(0);
    expect(Object.fromEntries(await retriedOf())).toEqual({ checkout: triedTwice, media: 0, search: 0 });
    expect(Object.fromEntries(await retriedOf({ path: '/checkout' }))).toEqual({ checkout: triedTwice });
  });
});
