import type { UpstreamTables } from '../analysis/schema';
import { notFound } from '../errors';
import type { Selection, Store } from '../store/types';

export async function getUpstreamTables(store: Store, filter: Selection): Promise<UpstreamTables> {
  if (!(await store.getIncident({ id: filter.incidentId }))) throw notFound(`incident ${filter.incidentId}`);
  return store.upstreamTables(filter);
}
