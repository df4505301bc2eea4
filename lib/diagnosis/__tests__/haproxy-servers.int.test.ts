import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import type { Store } from '../../store/types';
import { diagnose } from '../diagnose';

// Real HAProxy 2.6 lines: a dozen backends, each with a server named web1, most of them failing in their own way.
const log = join(__dirname, '../../../e2e/fixtures/haproxy/access.log');

describe('HAProxy servers are the backend\'s own (backend/server)', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    ({ store, incidentId } = await storedIncident('haproxy servers', [log], { context: UTC }));
  });
  afterAll(async () => store.close());

  it('keeps web1 of each backend apart in the upstream table', async () => {
    const { upstreams } = await store.upstreamTables({ incidentId });
    const named = upstreams.filter((u) => u.server !== null);
    expect(named.every((u) => u.server === `${u.pool}/${u.server!.split('/')[1]}`)).toBe(true);
    expect(named.find((u) => u.server === 'ok/web1')).toMatchObject({ pool: 'ok', failed: 0 });
    expect(named.find((u) => u.server === 'refused/web1')).toMatchObject({ pool: 'refused', failed: 4, causes: { upstream_refused: 4 } });
    // SD-- 200: the server reset the connection after its 200 went out. No retry hid that; the client got it cut short.
    expect(named.find((u) => u.server === 'bodyreset/web1')).toMatchObject({ failed: 4, hidden: 0, cut: 4 });
  });

  it('makes a finding per failing backend server, never one about every web1 at once', async () => {
    const { findings } = await diagnose(store, { incidentId });
    const aboutServers = findings.filter((f) => f.server !== null);
    expect(aboutServers.length).toBeGreaterThan(3);
    for (const f of aboutServers) expect(f.server).toBe(`${f.pool}/web1`);
    const refused = aboutServers.find((f) => f.server === 'refused/web1')!;
    expect(refused.cause).toBe('upstream_refused');
    // What to run next asks HAProxy about the backend's server: the incident's logs are HAProxy's.
    expect(refused.next[0]).toMatch(/^echo "show servers state refused" \| socat /);
    expect(aboutServers.some((f) => f.server === 'ok/web1')).toBe(false);
    // Its reset and close upstreams both logged SH--: the finding says what HAProxy's line leaves open.
    const reset = aboutServers.find((f) => f.server === 'reset/web1')!;
    expect(reset).toMatchObject({ cause: 'unknown', confidence: 'low' });
    expect(reset.reason).toContain("HAProxy's termination state for these attempts does not name the cause (a reset and a clean close");
  });

  it('says a response reset after its 200 reached the client was cut short, not hidden by a retry that never happened', async () => {
    const { findings } = await diagnose(store, { incidentId });
    const bodyReset = findings.find((f) => f.server === 'bodyreset/web1')!;
    expect(bodyReset.cause).toBe('upstream_reset');
    expect(bodyReset.sentence).toContain('every attempt failed; every one broke off after its status had reached the client (a success cut short)');
    expect(bodyReset.sentence).not.toContain('retry');
  });
});
