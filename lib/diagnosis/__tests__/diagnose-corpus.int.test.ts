import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { diagnose } from '../diagnose';

const corpus = join(__dirname, '../../../e2e/fixtures/corpus');
const scenarios = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const WITHIN_MS = 10_000;

interface Fault { pool: string; server: string; from: string; to: string; cause: string }
interface Truth { faults: Fault[]; pools: Record<string, { statuses: Record<string, number> }> }

// Each scenario's truth.json comes from the client's records and the injected timeline, never from the logs.
describe('diagnosis of the real nginx corpus', () => {
  for (const scenario of scenarios) {
    it(`${scenario}: every injected fault is found on its server, with its cause, in its window`, async () => {
      const truth = JSON.parse(readFileSync(join(corpus, scenario, 'truth.json'), 'utf8')) as Truth;
      const store = await openDuckDbStore({ path: ':memory:' });
      try {
        const incidentId = (await store.createIncident({ title: scenario })).id;
        for (const file of ['access.log', 'error.log']) {
          await ingestSource({ store, incidentId, name: file, body: createReadStream(join(corpus, scenario, file)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
        }
        const diagnosis = await diagnose(store, { incidentId });
        const matches = (fault: Fault) => (e: (typeof diagnosis.episodes)[number]) =>
          e.server === fault.server && e.pool === fault.pool && e.cause === fault.cause &&
          Math.abs(Date.parse(e.from) - Date.parse(fault.from)) <= WITHIN_MS && Math.abs(Date.parse(e.to) - Date.parse(fault.to)) <= WITHIN_MS;
        for (const fault of truth.faults) {
          expect(diagnosis.episodes.some(matches(fault)), `${fault.cause} on ${fault.server} ${fault.from}–${fault.to}\n${JSON.stringify(diagnosis.episodes, null, 1)}`).toBe(true);
        }
        // The first finding is one of the injected faults, and nothing was found that was not injected.
        expect(truth.faults.some((f) => matches(f)(diagnosis.episodes[0]!))).toBe(true);
        expect(diagnosis.episodes.every((e) => truth.faults.some((f) => matches(f)(e)))).toBe(true);
        expect(diagnosis.findings[0]!.sentence).toContain(diagnosis.episodes[0]!.server);
        // What the failures were for: the client asked /<pool>/item/<n>, so all under /<pool>/item.
        expect(diagnosis.episodes[0]!.paths).toEqual({ top: [{ value: `/${diagnosis.episodes[0]!.pool}/item`, failed: diagnosis.episodes[0]!.failed }], distinct: 1 });
        expect(diagnosis.findings[0]!.sentence).toContain(`all under /${diagnosis.episodes[0]!.pool}/item`);
        // A retry on another server hid every failure exactly where the pool's clients got nothing but 2xx.
        for (const [i, episode] of diagnosis.episodes.entries()) {
          const hidden = Object.keys(truth.pools[episode.pool!]!.statuses).every((status) => status.startsWith('2'));
          expect(diagnosis.findings[i]!.sentence.includes('hidden'), diagnosis.findings[i]!.sentence).toBe(hidden);
        }
      } finally {
        await store.close();
      }
    });
  }
});

describe('a cause the access log alone cannot name', () => {
  it('is asked of nginx\'s error log while the incident has none, and named once it is added', async () => {
    const dir = join(corpus, 'nginx-checkout-refused');
    const refusing = (JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth).faults.find((f) => f.cause === 'upstream_refused')!;
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'access log first' })).id;
      const add = (file: string) => ingestSource({ store, incidentId, name: file, body: createReadStream(join(dir, file)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
      const findingOn = async () => (await diagnose(store, { incidentId })).findings.find((f) => f.server === refusing.server)!;

      await add('access.log');
      const before = await findingOn();
      expect(before).toMatchObject({ cause: 'unknown', confidence: 'low' });
      expect(before.reason).toContain("nginx's error log for the same period names each failed try");
      expect(before.reason).toContain('add it beside the access log');

      await add('error.log');
      expect(await findingOn()).toMatchObject({ cause: 'upstream_refused', confidence: 'high' });
    } finally {
      await store.close();
    }
  });
});
