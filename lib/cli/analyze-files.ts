import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Analysis } from '../analysis/schema';
import { analyzeIncident } from '../incidents';
import { ingestSource } from '../ingest/ingest-source';
import { openDuckDbStore } from '../store/duckdb';

/**
 * Runs the server's own pipeline on local files: an in-memory DuckDB store, one incident, every file
 * ingested as a source. The answer is the same object the API gives.
 */
export async function analyzeFiles(paths: readonly string[], options: { format?: string } = {}): Promise<Analysis> {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const incident = await store.createIncident({ title: 'cli' });
    for (const path of paths) {
      await ingestSource({ store, incidentId: incident.id, name: basename(path), body: createReadStream(path), format: options.format });
    }
    return await analyzeIncident(store, { incidentId: incident.id });
  } finally {
    await store.close();
  }
}
