import 'server-only';
import { notFound } from '@/lib/errors';
import { openStore } from '@/lib/store/open-store';
import type { Store } from '@/lib/store/types';

/**
 * One store per server process. DuckDB allows one writer process per file, and dev-mode module reloads
 * would otherwise open it again, so the promise lives on globalThis.
 */
const holder = globalThis as typeof globalThis & { gatewayLensStore?: Promise<Store> };

export function getStore(): Promise<Store> {
  holder.gatewayLensStore ??= openStore().catch((error) => {
    holder.gatewayLensStore = undefined;
    throw error;
  });
  return holder.gatewayLensStore;
}

/** The store, once the incident is known to exist: unknown ids answer 404 the same way everywhere. */
export async function storeOfIncident(id: string): Promise<Store> {
  const store = await getStore();
  if (!(await store.getIncident({ id }))) throw notFound(`incident ${id}`);
  return store;
}
