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

describe('probe results that name a pod address', () => {
  it('line up with the upstream server at that address when the logs show exactly one', async () => {
    const { getProbeView } = await import('../probe-view');
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'pods' })).id;
      await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(access) });
      const at = Date.parse('2026-11-25T00:36:20Z');
      const event = { time: at, kind: 'http' as const, ok: false, status: null, latencyMs: null, error: 'Readiness probe failed', origin: 'uploaded' as const };
      await store.addProbeResults({
        incidentId, sourceId: null,
        // 127.0.0.1 serves three upstreams in this corpus, so a bare 127.0.0.1 stays unmatched; "127.0.0.1:18111" matches.
        results: [{ line: null, result: { ...event, target: '127.0.0.1' } }, { line: null, result: { ...event, target: '127.0.0.1:18111' } }],
      });
      const view = await getProbeView(store, { incidentId });
      expect(view.probes.map((p) => [p.target, p.server])).toEqual([['127.0.0.1', null], ['127.0.0.1:18111', '127.0.0.1:18111']]);

      // AWS's published ALB examples name one target at 10.0.0.66: a pod-IP result for it lands on that server.
      const alb = (await store.createIncident({ title: 'alb' })).id;
      await ingestSource({ store, incidentId: alb, name: 'alb.log', body: createReadStream(join(__dirname, '../../../e2e/fixtures/aws-alb/alb.log')) });
      await store.addProbeResults({ incidentId: alb, sourceId: null, results: [{ line: null, result: { ...event, target: '10.0.0.66' } }] });
      expect((await getProbeView(store, { incidentId: alb })).probes.map((p) => p.server)).toEqual(['10.0.0.66:9000']);
    } finally {
      await store.close();
    }
  });
});
