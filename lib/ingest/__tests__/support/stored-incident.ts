import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { openDuckDbStore, type DuckDbStoreOptions } from '../../../store/duckdb';
import type { Store } from '../../../store/types';
import { ingestSource, type IngestInput } from '../../ingest-source';

/** Real logs read as the given time context: nginx in UTC unless a test says otherwise. */
export const UTC = { utcOffsetMinutes: 0, zoneGiven: true } as const;

/**
 * A new in-memory store holding one incident made of the given log files, each stored as an upload would
 * (named by its file name unless `names` says otherwise). The caller closes the store.
 */
export async function storedIncident(
  title: string,
  files: readonly string[],
  options: { context?: IngestInput['context']; names?: readonly string[] } & Pick<DuckDbStoreOptions, 'rollupLinesPerStatement' | 'densePathRollups' | 'listedSources'> = {},
): Promise<{ store: Store; incidentId: string }> {
  const { rollupLinesPerStatement, densePathRollups, listedSources } = options;
  const store = await openDuckDbStore({ path: ':memory:', rollupLinesPerStatement, densePathRollups, listedSources });
  const incidentId = (await store.createIncident({ title })).id;
  for (const [i, file] of files.entries()) {
    await ingestSource({ store, incidentId, name: options.names?.[i] ?? basename(file), body: createReadStream(file), context: options.context });
  }
  return { store, incidentId };
}
