import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import { ingestSource } from '../../ingest/ingest-source';
import type { Store } from '../../store/types';
import { diagnose } from '../diagnose';

// Real nginx: checkout's second server refused connections; its error log says so three times.
const scenario = join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused');
const refusals = readFileSync(join(scenario, 'error.log'), 'utf8').split('\n').filter((line) => line.includes('(111: Connection refused)')).length;

describe('findings from the error log alone', () => {
  let store: Store;
  let incidentId: string;
  beforeEach(async () => {
    ({ store, incidentId } = await storedIncident('error log only', [join(scenario, 'error.log')], { context: UTC }));
  });
  afterEach(async () => store.close());

  it('name the server, the cause and when, and say that the requests it cost are not known', async () => {
    const { findings, steps, episodes } = await diagnose(store, { incidentId }, '/incidents/x');
    expect(refusals).toBe(3);
    expect(findings[0]).toMatchObject({
      server: '127.0.0.1:18102', cause: 'upstream_refused', step: 'upstream_status', confidence: 'medium',
      from: '2026-11-25T00:34:57.000Z', to: '2026-11-25T00:35:20.000Z',
      sentence: '127.0.0.1:18102 refused connections from 00:34:57 to 00:35:20 UTC: 3 error-log entries; how many requests failed is not known without the access log.',
    });
    expect(findings[0]!.evidence.lines).toBe('/incidents/x?tab=lines&kind=events&server=127.0.0.1%3A18102&cause=upstream_refused&from=1795566897000&to=1795566920000');
    expect(findings[0]!.next[0]).toMatch(/^ss -ltnp 'sport = :18102'/);
    expect(steps.find((s) => s.id === 'upstream_status')!.status).toBe('problem_found');
    expect(steps.find((s) => s.id === 'network')).toMatchObject({ status: 'not_enough_evidence', summary: 'No access-log requests in this selection: the findings come from the error log alone.' });
    expect(episodes).toEqual([]);
  });

  it('give way to the findings from the requests once the access log is there', async () => {
    await ingestSource({ store, incidentId, name: 'access.log', body: createReadStream(join(scenario, 'access.log')), context: UTC });
    const { findings } = await diagnose(store, { incidentId });
    expect(findings.some((f) => f.sentence.includes('error-log entries'))).toBe(false);
    expect(findings.find((f) => f.server === '127.0.0.1:18102')).toMatchObject({ cause: 'upstream_refused' });
  });
});
