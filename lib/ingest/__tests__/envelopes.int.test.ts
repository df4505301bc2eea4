import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb';
import type { Store } from '../../store/types';
import { ingestSource } from '../ingest-source';

// The gateway lines are real nginx 1.22 output (e2e/fixtures/corpus); the envelopes around them follow
// the runtimes' documented framing (CRI: `<RFC 3339> <stream> <F|P> <line>`; Docker json-file:
// {"log":"line\n","stream":"stdout","time":"..."}; `docker compose logs`: `service-1  | line`).
const accessLines = readFileSync(join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused/access.log'), 'utf8')
  .trimEnd()
  .split('\n');
const stamp = (i: number) => `2026-11-25T00:34:42.${String(i).padStart(9, '0')}Z`;

async function* bytes(text: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(text);
}

describe('container envelopes (real DuckDB store)', () => {
  let store: Store;
  let incidentId: string;
  beforeEach(async () => {
    store = await openDuckDbStore({ path: ':memory:' });
    incidentId = (await store.createIncident({ title: 'envelopes' })).id;
  });
  afterEach(async () => store.close());

  const ingest = (name: string, text: string) => ingestSource({ store, incidentId, name, body: bytes(text) });

  it('unwraps CRI lines and joins a line the runtime split into P and F pieces', async () => {
    const [first, ...rest] = accessLines;
    const split = [`${stamp(0)} stdout P ${first!.slice(0, 40)}`, `${stamp(1)} stdout F ${first!.slice(40)}`];
    const text = [...split, ...rest.map((l, i) => `${stamp(i + 2)} stdout F ${l}`)].join('\n') + '\n';
    const result = await ingest('checkout-pod.log', text);
    expect(result.format).toBe('nginx_upstream_timed');
    expect(result.lines).toEqual({ total: accessLines.length + 1, parsed: accessLines.length, rejected: 0, foreign: 0, joined: 1, outside: 0 });
    const [source] = await store.listSources({ incidentId });
    expect(source?.envelope).toBe('cri');
    const { pools } = await store.upstreamTables({ incidentId });
    expect(pools.find((p) => p.pool === 'search')?.statuses).toEqual({ '200': 496, '502': 100 });
  });

  it("unwraps Docker's JSON log lines", async () => {
    const text = accessLines.map((l, i) => JSON.stringify({ log: `${l}\n`, stream: 'stdout', time: stamp(i) })).join('\n');
    const result = await ingest('container-json.log', text);
    expect(result.lines).toMatchObject({ total: accessLines.length, parsed: accessLines.length, rejected: 0 });
    expect((await store.listSources({ incidentId }))[0]?.envelope).toBe('docker-json');
  });

  it('counts the lines of other compose services as foreign, not as rejects', async () => {
    const others = ['app-1  | listening on :8080', 'db-1   | LOG:  database system is ready to accept connections'];
    const text = accessLines
      .flatMap((l, i) => (i % 10 === 0 ? [`gateway-1  | ${stamp(i)} ${l}`, others[(i / 10) % 2]!] : [`gateway-1  | ${l}`]))
      .join('\n');
    const result = await ingest('compose.log', text);
    const foreign = Math.ceil(accessLines.length / 10);
    expect(result.lines).toEqual({ total: accessLines.length + foreign, parsed: accessLines.length, rejected: 0, foreign, joined: 0, outside: 0 });
  });

  it('keeps another service\'s lines foreign when reading for a time range, even where they carry a time like the gateway\'s', async () => {
    // An Apache httpd beside it writes the Common Log Format: the same [time], no referer, agent or upstream fields.
    const common = (l: string) => l.slice(0, l.indexOf(' "-" "scenario-client/1"'));
    const text = accessLines.flatMap((l, i) => (i % 10 === 0 ? [`gateway-1  | ${l}`, `httpd-1    | ${common(l)}`] : [`gateway-1  | ${l}`])).join('\n');
    const foreign = Math.ceil(accessLines.length / 10);
    const window = { from: Date.parse('2026-11-25T00:35:00Z') };
    const result = await ingestSource({ store, incidentId, name: 'compose.log', body: bytes(text), window });
    expect(result.lines).toEqual({ total: accessLines.length + foreign, parsed: 1266, rejected: 0, foreign, joined: 0, outside: accessLines.length - 1266 });
  });

  it('reads lines pushed by Vector (message) and Fluent Bit (log) as JSON lines', async () => {
    const vector = accessLines.slice(0, 100).map((l) => JSON.stringify({ message: l, host: 'edge-1', timestamp: '2026-11-25T00:34:42Z' }));
    expect((await ingest('vector', vector.join('\n'))).lines).toMatchObject({ parsed: 100, rejected: 0 });
    const fluentBit = accessLines.slice(100, 200).map((l) => JSON.stringify({ date: 1795566882.1, log: l }));
    expect((await ingest('fluent-bit', fluentBit.join('\n'))).lines).toMatchObject({ parsed: 100, rejected: 0 });
  });

  it('recognises the same file uploaded twice and does not count it again', async () => {
    const text = accessLines.join('\n') + '\n';
    const first = await ingest('access.log', text);
    const second = await ingest('access.log.copy', text);
    expect(second.duplicateOf).toBe(first.id);
    const { pools } = await store.upstreamTables({ incidentId });
    expect(pools.reduce((n, p) => n + p.requests, 0)).toBe(accessLines.length);
    const sources = await store.listSources({ incidentId });
    expect(sources.map((s) => s.state)).toEqual(['done', 'failed']);
    expect(sources[1]?.error).toMatch(/^the same file as source \d+/);
  });
});
