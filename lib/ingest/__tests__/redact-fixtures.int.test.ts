import { createReadStream, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb';
import type { Store } from '../../store/types';
import { ingestSource } from '../ingest-source';

// Every real gateway log of the fixtures, read plainly and with every redaction, into incidents of their own:
// the analysis must not change, and the clients must be gone from what is stored.
const fixtures = join(import.meta.dirname, '../../../e2e/fixtures');
const SETS: Record<string, string[]> = {
  'nginx corpus (access + error)': ['corpus/nginx-checkout-refused/access.log', 'corpus/nginx-checkout-refused/error.log'],
  'nginx upstream (access + error)': ['nginx-upstream/access.log', 'nginx-upstream/error.log'],
  'nginx family': ['nginx-family/ingress-access.log', 'nginx-family/json-access.log', 'nginx-family/error.log'],
  'caddy (access + error)': ['caddy/access.log', 'caddy/error.log'],
  // haproxy-stderr.log is HAProxy's own messages, no request log: read apart in haproxy.test.ts.
  haproxy: readdirSync(join(fixtures, 'haproxy')).filter((f) => f.endsWith('.log') && f !== 'haproxy-stderr.log').map((f) => `haproxy/${f}`),
  envoy: ['envoy/envoy-default.log', 'envoy/istio-default.log', 'envoy/istio-json.log'],
  'aws and gcp': ['aws-alb/alb.log', 'aws-alb/elb-classic.log', 'gcp-lb/requests.jsonl'],
  traefik: ['traefik/access-common.log', 'traefik/access-json.log'],
};

let store: Store;
afterAll(async () => store?.close());

async function incident(files: string[], redact: boolean) {
  store ??= await openDuckDbStore({ path: ':memory:' });
  const { id } = await store.createIncident({ title: files.join(' ') });
  const sources = [];
  for (const file of files) {
    sources.push(await ingestSource({ store, incidentId: id, name: basename(file), body: createReadStream(join(fixtures, file)), redact: redact ? ['query', 'tokens', 'clients'] : [] }));
  }
  return { id, sources };
}

async function allLines(incidentId: string) {
  const page = await store.requestLines({ incidentId, after: null, limit: 100_000 });
  return page.rows;
}

describe.each(Object.entries(SETS))('redaction of %s', (_, files) => {
  it('leaves every count, cause and upstream as it was, and no client address in the stored lines', async () => {
    const plain = await incident(files, false);
    const redacted = await incident(files, true);
    expect(redacted.sources.map((s) => [s.format, s.lines])).toEqual(plain.sources.map((s) => [s.format, s.lines]));
    const [before, after] = [await store.upstreamTables({ incidentId: plain.id }), await store.upstreamTables({ incidentId: redacted.id })];
    expect(after).toEqual(before);
    expect((await store.listSources({ incidentId: redacted.id })).every((s) => s.notes?.includes('redacted on ingest: query-string values, tokens and credentials, client addresses'))).toBe(true);

    const [plainLines, redactedLines] = [await allLines(plain.id), await allLines(redacted.id)];
    expect(redactedLines.map((l) => [l.line, l.status, l.path?.split('?')[0], l.attempts.map((a) => a.server)]))
      .toEqual(plainLines.map((l) => [l.line, l.status, l.path?.split('?')[0], l.attempts.map((a) => a.server)]));
    plainLines.forEach((line, i) => {
      const client = line.client;
      const stored = redactedLines[i]!;
      // Upstream addresses stay as written in the stored line, even where the client is on the same host.
      for (const server of line.attempts.map((a) => a.server)) if (server && line.raw?.includes(server)) expect(stored.raw).toContain(server);
      if (!client || !/^[\d.]+$|:/.test(client)) return;
      expect(stored.client).not.toBe(client);
      // The client's address may remain only inside an upstream's or the host's address.
      const rest = [...stored.attempts.map((a) => a.server), stored.host].reduce((raw, kept) => (kept ? raw!.replaceAll(kept, '') : raw), stored.raw)!;
      expect(rest.includes(client.replace(/^\[|\](:\d+)?$/g, ''))).toBe(false);
      expect(stored.raw).toContain(stored.client!.replace(/:\d+$/, ''));
    });
  });
});
