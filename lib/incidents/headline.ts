import type { Headline } from '../analysis/schema';
import { notFound } from '../errors';
import type { Selection, Store } from '../store/types';

/**
 * The figures at the top of the incident page: requests and 502s as clients saw them, 499/503/504 kept
 * apart (they mean different things), the first and last 502, the pool with the most 502s and the
 * server with the most failed attempts.
 */
export async function getHeadline(store: Store, sel: Selection): Promise<Headline> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const [figures, tables] = [await store.headline(sel), await store.upstreamTables(sel)];
  const worstPool = [...tables.pools]
    .filter((p) => (p.statuses['502'] ?? 0) > 0)
    .sort((a, b) => (b.statuses['502'] ?? 0) - (a.statuses['502'] ?? 0) || b.requests - a.requests)[0];
  const worstServer = tables.upstreams.find((u) => u.failed > 0 && u.server !== null);
  return { ...figures, worstPool: worstPool ? (worstPool.pool ?? '-') : null, worstServer: worstServer?.server ?? null };
}
