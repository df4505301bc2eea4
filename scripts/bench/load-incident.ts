// Ingests log files as one incident into the embedded store of GATEWAY_LENS_DATA_DIR, as an upload would but
// without HTTP or the analysis the CLI prints, and prints {"id", "seconds"} as JSON: for profiling the ingest
// alone (node --cpu-prof --import tsx scripts/bench/load-incident.ts ...) and for keeping a large incident
// to run the queries against.
//   GATEWAY_LENS_DATA_DIR=dir tsx scripts/bench/load-incident.ts TITLE FILE...
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { ingestSource } from '../../lib/ingest/ingest-source';
import { openStore } from '../../lib/store/open-store';

const [title, ...files] = process.argv.slice(2);
if (!title || files.length === 0) {
  console.error('usage: tsx scripts/bench/load-incident.ts TITLE FILE...');
  process.exit(2);
}
const store = await openStore();
try {
  const started = performance.now();
  const incident = await store.createIncident({ title });
  for (const file of files) await ingestSource({ store, incidentId: incident.id, name: basename(file), body: createReadStream(file) });
  console.log(JSON.stringify({ id: incident.id, seconds: (performance.now() - started) / 1000 }));
} finally {
  await store.close();
}
