import type { TopFailures } from '../analysis/schema';
import { notFound } from '../errors';
import type { Selection, Store } from '../store/types';

/** The hosts and paths that failed most in the selection. */
export async function getTopFailures(store: Store, sel: Selection & { limit?: number }): Promise<TopFailures> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  return store.topFailures({ ...sel, limit: Math.min(sel.limit ?? 10, 50) });
}
