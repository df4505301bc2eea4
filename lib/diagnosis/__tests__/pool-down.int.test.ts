import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { diagnose } from '../diagnose';

const fixtures = join(__dirname, '../../../e2e/fixtures');

describe('a pool whose requests reached none of its servers is a finding of its own', () => {
  it('names nginx\'s "no live upstreams" pool, with its requests and the servers it still tried', async () => {
    // Real nginx 1.22 (escape=json layout naming the pool): every server of pool "dead" is down, so its requests
    // get the group's name in $upstream_addr and "no live upstreams" in the error log.
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'dead pool' })).id;
      for (const name of ['json-access.log', 'error.log']) {
        await ingestSource({ store, incidentId, name, body: createReadStream(join(fixtures, 'nginx-family', name)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
      }
      const { episodes, findings } = await diagnose(store, { incidentId }, '/incidents/x');
      const pool = episodes.findIndex((e) => e.server === null && e.pool === 'dead');
      expect(pool).toBeGreaterThanOrEqual(0);
      expect(episodes[pool]).toMatchObject({ pool: 'dead', server: null, cause: 'no_healthy_upstream' });
      expect(findings[pool]!.sentence).toMatch(/^pool dead had no healthy server to send to from \S+ to \S+ UTC: every request failed/);
      expect(findings[pool]!.evidence.lines).toContain('pool=dead&server=-');
      expect(findings[pool]!.next.join('\n')).toContain('no live upstreams');
      expect(findings[pool]).toMatchObject({ server: null, pool: 'dead', step: 'upstream_status' });

      // Filtered to the pool's own cause, no attempt of the selection reached a server; which servers the pool
      // has is the incident's, not the filter's, so the finding still says to check each of them.
      const filtered = (await diagnose(store, { incidentId, cause: 'no_healthy_upstream' })).findings.find((f) => f.server === null && f.pool === 'dead');
      expect(filtered!.next.filter((c) => c.startsWith('curl'))).toEqual([
        expect.stringContaining('http://127.0.0.1:18611/'), expect.stringContaining('http://127.0.0.1:18612/'),
      ]);
    } finally {
      await store.close();
    }
  });

  it('names HAProxy\'s <NOSRV> backend the same way', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'nosrv' })).id;
      await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(join(fixtures, 'haproxy/access.log')), context: { year: 2026, yearGiven: true } });
      const { episodes } = await diagnose(store, { incidentId });
      expect(episodes.filter((e) => e.server === null).map((e) => [e.pool, e.cause])).toContainEqual(['down', 'no_healthy_upstream']);
    } finally {
      await store.close();
    }
  });
});
