import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident } from '../../ingest/__tests__/support/stored-incident';
import type { Store } from '../../store/types';
import { checkIncidentConfig } from '../config/check-incident-config';

const fixtures = join(__dirname, '../../../e2e/fixtures');
const haproxyConfig = readFileSync(join(__dirname, 'fixtures/haproxy/shop.cfg'), 'utf8');
const nginxConfig = readFileSync(join(fixtures, 'nginx-config/shop.conf'), 'utf8');

describe('step 4 reads the pasted configuration of either gateway against a real incident', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    // Real HAProxy 2.6 lines: refused, reset, oversized and malformed responses, timeouts, queueing.
    ({ store, incidentId } = await storedIncident('haproxy', [join(fixtures, 'haproxy/access.log')], { context: { year: 2026, yearGiven: true } }));
  });
  afterAll(async () => store.close());

  it('recognises haproxy.cfg and marks relevant the settings behind the failures this incident has', async () => {
    const { upstreams } = await store.upstreamTables({ incidentId });
    const seen = new Set(upstreams.flatMap((u) => Object.keys(u.causes)));
    const checked = await checkIncidentConfig(store, { incidentId, config: haproxyConfig });
    expect(checked.kind).toBe('haproxy');
    expect(checked.points.length).toBeGreaterThan(0);
    for (const point of checked.points) {
      expect(point.line).toBeGreaterThan(0);
      expect(haproxyConfig.split('\n')[point.line - 1]).toContain(point.directive.split(' ')[0]);
    }
    // Relevance follows the incident's own causes: at least one setting explains what happened here.
    expect(checked.points.some((p) => p.relevant)).toBe(true);
    expect(seen.has('invalid_response')).toBe(true);
  });

  it('still reads nginx -T output as nginx, and says which kind when told', async () => {
    expect((await checkIncidentConfig(store, { incidentId, config: nginxConfig })).kind).toBe('nginx');
    expect((await checkIncidentConfig(store, { incidentId, config: haproxyConfig, kind: 'haproxy' })).kind).toBe('haproxy');
  });

  it('refuses text that is neither, saying what it looked for', async () => {
    await expect(checkIncidentConfig(store, { incidentId, config: 'hello world\nthis is not a config' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('neither an nginx configuration'),
    });
  });
});
