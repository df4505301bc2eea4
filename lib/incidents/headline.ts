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
  // Side by side: the store answers on two connections.
  const [figures, worstServer] = await Promise.all([store.headline(sel), store.worstServer(sel)]);
  return { ...figures, worstServer };
}
