import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { ProbeBudget } from '../active';
import { runIncidentProbes, stopWatches } from '../run-incident-probes';

const access = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server/access.log');

describe('active probes of an incident (real DuckDB, real sockets on 127.0.0.1)', () => {
  it('probes a server the incident names now, and as a bounded watch that stores each round and stops with the incident', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'watch' })).id;
      await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(access) });
      const config = { allow: '', budget: new ProbeBudget({ perMinute: 60 }) };
      // Nothing listens on the corpus's upstream any more: the probe is refused, and stored as active.
      const now = await runIncidentProbes(store, { incidentId, targets: ['127.0.0.1:18111'], kind: 'tcp', timeoutMs: 1000 }, config);
      expect(now.results).toEqual([expect.objectContaining({ origin: 'active', ok: false, target: '127.0.0.1:18111' })]);
      expect(now.watch).toBeNull();

      const watch = await runIncidentProbes(store, { incidentId, targets: ['127.0.0.1:18111'], kind: 'tcp', everySeconds: 2, forMinutes: 0.5, timeoutMs: 1000 }, config);
      expect(watch.results).toHaveLength(1);
      expect(watch.watch?.everySeconds).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const stored = (await store.listProbes({ incidentId })).length;
      expect(stored).toBeGreaterThanOrEqual(3);
      stopWatches(incidentId);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await store.listProbes({ incidentId })).length).toBe(stored);

      await expect(runIncidentProbes(store, { incidentId, targets: ['127.0.0.1:9'], kind: 'tcp', everySeconds: 2, forMinutes: 1 }, config))
        .rejects.toMatchObject({ code: 'probe_target_refused' });
    } finally {
      await store.close();
    }
  });
});
