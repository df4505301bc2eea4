import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ingestSource } from '../ingest/ingest-source';
import type { Store } from '../store/types';

export const DEMO_TITLE = 'Demo: api refuses, then answers garbage and oversized headers (nginx)';

/**
 * The demo incident: a real nginx's access and error logs, and its prober's results, from the corpus in e2e/fixtures. Idempotent: an incident
 * with the demo's title is left as it is.
 */
export async function seedDemo(store: Store, projectRoot: string): Promise<{ id: string; created: boolean }> {
  const existing = (await store.listIncidents()).find((i) => i.title === DEMO_TITLE);
  if (existing) return { id: existing.id, created: false };
  const incident = await store.createIncident({ title: DEMO_TITLE });
  const folder = join(projectRoot, 'e2e/fixtures/corpus/nginx-api-single-server');
  for (const name of ['access.log', 'error.log', 'probes.jsonl']) {
    // That nginx ran in UTC: its error log, which writes no zone, is read as such.
    await ingestSource({ store, incidentId: incident.id, name, body: createReadStream(join(folder, name)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
  }
  return { id: incident.id, created: true };
}
