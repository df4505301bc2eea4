import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeIncident } from '../../incidents';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { analyzeFiles } from '../analyze-files';

const fixtures = join(__dirname, '../../../e2e/fixtures');
const scenario = join(fixtures, 'corpus/nginx-media-reset-close');
const files = [join(scenario, 'access.log'), join(scenario, 'error.log')];

/** Every line of the files stored, then the range asked for: what the CLI answered before it kept only the range. */
async function wholeFilesThenRange(files: readonly string[], from: number, to: number) {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const incidentId = (await store.createIncident({ title: 'whole files' })).id;
    for (const file of files) {
      await ingestSource({ store, incidentId, name: basename(file), body: createReadStream(file), context: { utcOffsetMinutes: 0, zoneGiven: true } });
    }
    return { analysis: await analyzeIncident(store, { incidentId, from, to }), all: await store.headline({ incidentId }) };
  } finally {
    await store.close();
  }
}

describe('gateway-lens analyze --from/--to keeps only the range (real nginx logs, real DuckDB)', () => {
  it('answers exactly as when every line was stored, and counts the requests it did not keep', async () => {
    // Inside the burst of failures (00:37:35-00:37:43), cut mid-second at the start; the error log's causes fused.
    const from = Date.parse('2026-11-25T00:37:38.500Z');
    const to = Date.parse('2026-11-25T00:37:50Z');
    const windowed = await analyzeFiles(files, { from: String(from), to: new Date(to).toISOString(), tz: 'UTC' });
    const { analysis: whole, all } = await wholeFilesThenRange(files, from, to);
    const { sources: windowedSources, ...windowedAnswer } = windowed;
    const { sources: wholeSources, ...wholeAnswer } = whole;
    expect(windowedAnswer).toEqual(wholeAnswer);
    expect(windowed.headline!.s502 + windowed.headline!.s504).toBeGreaterThan(0);
    expect(windowed.upstreams.flatMap((u) => Object.keys(u.causes))).not.toContain('unknown');
    const access = windowedSources.find((s) => s.name === 'access.log')!;
    expect(access.lines.outside).toBe(all.requests - windowed.headline!.requests);
    expect(access.lines.outside).toBeGreaterThan(0);
    // What the file holds is said in full otherwise: its lines, time span and error lines, as without the range.
    // The requests outside were counted, not parsed: with those parsed, as many as when every line was stored.
    expect(access.lines.parsed + access.lines.outside!).toBe(wholeSources.find((s) => s.name === 'access.log')!.lines.parsed);
    // And the note says which range the source holds, so a wider view later is not taken for the whole file.
    expect(access.notes).toBe(`${access.lines.outside} lines outside the range read (2026-11-25T00:37:38.500Z to 2026-11-25T00:37:50.000Z; error lines: 15 minutes around it), counted by their time, not stored`);
    const withoutCounts = (sources: typeof wholeSources) => sources.map((s) => ({ ...s, notes: s.name === 'access.log' ? undefined : s.notes, lines: { ...s.lines, parsed: undefined, outside: undefined } }));
    expect(withoutCounts(windowedSources)).toEqual(withoutCounts(wholeSources));
  });

  // HAProxy: times in milliseconds without a zone, read alone. nginx JSON: its "$msec" key read alone, the rest of
  // the object not parsed. Caddy: an access entry's ts read alone; its tries come from its error log, whose
  // entries are read whole and kept 15 minutes around the range.
  for (const [name, logs, from, to] of [
    ['HAProxy', ['haproxy/access.log'], '2026-11-27T00:35:45.500Z', '2026-11-27T00:35:50.250Z'],
    ['nginx escape=json', ['nginx-family/json-dollar-access.log'], '2026-11-27T00:30:55.500Z', '2026-11-27T00:30:58Z'],
    ['Caddy', ['caddy/access.log', 'caddy/error.log'], '2026-11-27T00:30:27.250Z', '2026-11-27T00:30:29.750Z'],
  ] as const) {
    it(`answers alike for ${name}`, async () => {
      const paths = logs.map((log) => join(fixtures, log));
      const windowed = await analyzeFiles(paths, { from, to, tz: 'UTC' });
      const { analysis: whole, all } = await wholeFilesThenRange(paths, Date.parse(from), Date.parse(to));
      expect({ ...windowed, sources: [] }).toEqual({ ...whole, sources: [] });
      expect(windowed.headline!.requests).toBeGreaterThan(0);
      expect(windowed.sources[0]!.lines.outside).toBe(all.requests - windowed.headline!.requests);
      expect(windowed.sources[0]!.lines.outside).toBeGreaterThan(0);
    });
  }

  it('answers alike for a GCP Cloud Logging export, one pretty-printed JSON array, its timestamps read alone', async () => {
    // The Cloud CDN docs' entry (e2e/fixtures/gcp-lb), a second apart, every third one a backend that refused.
    type Fields = Record<string, unknown>;
    const entry = JSON.parse(readFileSync(join(fixtures, 'gcp-lb/requests.jsonl'), 'utf8')) as Fields & {
      httpRequest: Fields; jsonPayload: Fields; resource: Fields & { labels: Fields };
    };
    const entries = Array.from({ length: 30 }, (_, i) => {
      const failed = i % 3 === 0;
      return {
        ...entry,
        timestamp: new Date(Date.parse('2026-11-27T00:40:00Z') + i * 1000).toISOString(),
        httpRequest: { ...entry.httpRequest, status: failed ? 502 : 200 },
        jsonPayload: { ...entry.jsonPayload, statusDetails: failed ? 'failed_to_connect_to_backend' : 'response_sent_by_backend' },
        resource: { ...entry.resource, labels: { ...entry.resource.labels, backend_service_name: 'k8s1-checkout-80' } },
      };
    });
    const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-gcp-'));
    try {
      const path = join(dir, 'export.json');
      writeFileSync(path, JSON.stringify(entries, null, 2));
      const [from, to] = ['2026-11-27T00:40:10.500Z', '2026-11-27T00:40:20Z'];
      const windowed = await analyzeFiles([path], { from, to });
      const { analysis: whole } = await wholeFilesThenRange([path], Date.parse(from), Date.parse(to));
      expect({ ...windowed, sources: [] }).toEqual({ ...whole, sources: [] });
      expect(windowed.headline!.requests).toBe(9);
      expect(windowed.headline!.s502).toBe(3);
      expect(windowed.sources[0]!.lines).toMatchObject({ parsed: 9, outside: 21 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
