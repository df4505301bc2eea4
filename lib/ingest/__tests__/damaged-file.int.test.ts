import { describe, expect, it } from 'vitest';
import { damagedAccessLog } from '../../../e2e/fixtures/damaged-log';
import { openDuckDbStore } from '../../store/duckdb';
import { ingestSource } from '../ingest-source';

describe('a deliberately damaged real log', () => {
  it('is read with every damaged line counted and kept with its line number and reason, and the rest parsed', async () => {
    const damaged = damagedAccessLog();
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'damaged' })).id;
      async function* body() {
        // Small chunks, so damaged lines straddle chunk borders.
        for (let i = 0; i < damaged.bytes.length; i += 4093) yield damaged.bytes.subarray(i, i + 4093);
      }
      const result = await ingestSource({ store, incidentId, name: 'damaged.log', body: body() });
      expect(result.lines).toEqual({ total: damaged.lines, parsed: damaged.lines - 5, rejected: 5, foreign: 0, joined: 0 });
      const [source] = await store.listSources({ incidentId });
      expect(source?.rejects?.map(({ line, reason }) => ({ line, reason }))).toEqual(damaged.rejects);
      expect(source?.rejects?.[0]?.text).toBe('127.0.0.1 - - [25/Nov/2026:00:');
      expect(source?.rejects?.[1]?.text).toBe('\uFFFD\uFFFD\u0000AB');
    } finally {
      await store.close();
    }
  });
});
