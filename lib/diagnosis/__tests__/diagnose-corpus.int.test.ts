import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { diagnose } from '../diagnose';
import { groupFindings } from '../group-findings';
import { buildReport, escapeMarkdown, reportMarkdown } from '../report';

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

describe('a server that fails again and again', () => {
  it('is one group of its stretches in a log that repeats the corpus for a minute, while each corpus fault stays a finding of its own', async () => {
    // The bench's generator repeats the corpus logs' real lines with their times advanced: the same faults every few seconds.
    const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-repeats-'));
    const log = join(dir, 'access.log');
    execFileSync(process.execPath, [join(__dirname, '../../../scripts/bench/generate-log.mjs'), '60000', log]);
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'repeats' })).id;
      await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(log), context: { utcOffsetMinutes: 0, zoneGiven: true } });
      const { findings, episodes } = await diagnose(store, { incidentId });
      const groups = groupFindings(findings, episodes);
      const api = groups.find((g) => g.findings[0]!.server === '127.0.0.1:18111')!;
      const own = episodes.filter((e) => e.server === '127.0.0.1:18111' && e.cause === api.findings[0]!.cause);
      expect(own.length).toBeGreaterThanOrEqual(3);
      expect(api.findings).toHaveLength(own.length);
      expect(api.failed).toBe(own.reduce((n, e) => n + e.failed, 0));
      expect(api.summary).toMatch(new RegExp(`^127\\.0\\.0\\.1:18111 in pool api failed again and again: ${own.length} separate stretches from 00:00:00 to 00:00:\\d\\d UTC, `));
      // Fewer groups than findings, ranked by what each adds up to.
      expect(groups.length).toBeLessThan(findings.length);
      expect(groups.map((g) => g.failed)).toEqual([...groups.map((g) => g.failed)].sort((a, b) => b - a));
      // The report says the group once, its link over the group's whole span; its timeline keeps every stretch.
      const markdown = reportMarkdown(await buildReport(store, incidentId, `/incidents/${incidentId}`), 'https://lens.example');
      const findingsPart = markdown.split('## Findings')[1]!.split('## Timeline')[0]!;
      expect(findingsPart).toContain(`1. ${escapeMarkdown(api.summary!)} (low confidence in the worst: `);
      expect(findingsPart.match(/^\d+\. /gm)).toHaveLength(groups.length);
      const rows = markdown.split('## Timeline')[1]!.split('## Upstreams')[0]!.match(/^\| 20\S+/gm)!;
      expect(rows).toHaveLength(episodes.length);
      // In the order things happened, not ranked as the findings are.
      expect(rows).toEqual([...rows].sort());
      expect(rows).not.toEqual(episodes.map((e) => `| ${e.from}`));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const scenario of scenarios) {
    it(`${scenario}: no fault is grouped away (each injected fault is a finding of its own)`, async () => {
      const store = await openDuckDbStore({ path: ':memory:' });
      try {
        const incidentId = (await store.createIncident({ title: scenario })).id;
        for (const file of ['access.log', 'error.log']) {
          await ingestSource({ store, incidentId, name: file, body: createReadStream(join(corpus, scenario, file)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
        }
        const { findings, episodes } = await diagnose(store, { incidentId });
        expect(groupFindings(findings, episodes).every((g) => g.summary === null && g.findings.length === 1)).toBe(true);
      } finally {
        await store.close();
      }
    });
  }
});
