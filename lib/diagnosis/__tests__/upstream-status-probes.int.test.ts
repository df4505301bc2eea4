import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import type { Store } from '../../store/types';
import { diagnose } from '../diagnose';
import { probeStatus } from '../probe-evidence';

const scenario = join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused');
const probeLines = readFileSync(join(scenario, 'probes.jsonl'), 'utf8').trimEnd().split('\n');
const context = { utcOffsetMinutes: 0, zoneGiven: true };

async function add(store: Store, incidentId: string, name: string, body: Readable) {
  await ingestSource({ store, incidentId, name, body, context });
}

describe('step 1 (upstream status) weighs the probes with the traffic', () => {
  let store: Store;
  let incidentId: string;
  beforeEach(async () => {
    store = await openDuckDbStore({ path: ':memory:' });
    incidentId = (await store.createIncident({ title: 'probes' })).id;
  });
  afterEach(async () => store.close());

  it('finds a server down from its probes alone when no traffic is in the incident', async () => {
    // The real probe results of the refused-connections scenario, without any gateway log.
    await add(store, incidentId, 'probes.jsonl', Readable.from([Buffer.from(probeLines.join('\n') + '\n')]));
    const { steps, findings } = await diagnose(store, { incidentId });
    const step = steps.find((s) => s.id === 'upstream_status')!;
    expect(findings).toEqual([]);
    expect(step.status).toBe('problem_found');
    expect(step.summary).toMatch(/^Probes of 127\.0\.0\.1:18102 failed \d+ of \d+ times from 00:34:5\d to 00:35:[12]\d UTC \(ECONNREFUSED\)/);
    expect(step.summary).toMatch(/; probes of 127\.0\.0\.1:18201 failed 2 of \d+ times from 00:35:2\d to 00:35:3\d UTC \(HTTP 502\)/);
    expect(step.summary).toContain('no request in this selection reached them');
    expect(step.evidence[0]).toContain('server=127.0.0.1%3A18102');
    expect(steps.find((s) => s.id === 'network')!.status).toBe('not_enough_evidence');
    // Each stored result points back at its line of the file: the evidence reference.
    const stored = await store.listProbes({ incidentId });
    for (const probe of stored.slice(0, 5)) expect(JSON.parse(probeLines[probe.source!.line - 1]!).target).toBe(probe.target);
    expect(new Set(stored.map((p) => p.source!.line)).size).toBe(stored.length);
  });

  it('says the step looks fine when every probe of the selection succeeded', async () => {
    const healthy = probeLines.filter((l) => JSON.parse(l).ok === true);
    await add(store, incidentId, 'access.log', Readable.from(createReadStream(join(scenario, 'access.log'))));
    await add(store, incidentId, 'healthy-probes.jsonl', Readable.from([Buffer.from(healthy.join('\n') + '\n')]));
    const upToSearch = await diagnose(store, { incidentId, pool: 'media' });
    const media = upToSearch.steps.find((s) => s.id === 'upstream_status')!;
    expect(media.status).toBe('looks_fine');
    expect(media.summary).toMatch(/every probe of all \d+ probed servers succeeded \(\d+ results\)/);
  });

  it('groups results per server with when and why they failed', () => {
    const probes = probeLines.map((l) => JSON.parse(l)).map((p) => ({
      time: Date.parse(p.time), target: p.target, kind: p.kind, ok: p.ok, status: p.status ?? null, latencyMs: p.latency_ms ?? null,
      error: p.error ?? null, origin: 'uploaded' as const, server: p.target.replace(/^https?:\/\//, '').replace(/\/.*$/, ''), source: null,
    }));
    const status = probeStatus(probes);
    // 18102 refused connections; 18201 answered its health checks with its own 502s.
    expect(status.failing.map((f) => [f.server, f.failed])).toEqual([['127.0.0.1:18102', 10], ['127.0.0.1:18201', 2]]);
    expect(status.failing[0]!.error).toBeTruthy();
    expect(status.healthy).toContain('127.0.0.1:18101');
    expect(status.results).toBe(probes.length);
  });
});
