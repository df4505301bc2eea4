import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedIncident, UTC } from '../../ingest/__tests__/support/stored-incident';
import { getLines } from '../../incidents/lines';
import { FILTER_KEYS, type Selection } from '../../store/selection';
import type { Store } from '../../store/types';
import { diagnose } from '../diagnose';

// Real nginx: the api pool's one server answered 502 and 009 to requests for /api/item/1 … /api/item/N.
const scenario = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server');

/** The selection a link opens, read as the incident page reads its query string. */
function opened(link: string, incidentId: string): Selection & { tab?: string } {
  const query = new URL(link, 'http://gateway-lens.invalid').searchParams;
  const filters = Object.fromEntries(FILTER_KEYS.flatMap((key) => (query.has(key) ? [[key, query.get(key)!]] : [])));
  return { incidentId, ...filters, from: Number(query.get('from')), to: Number(query.get('to')), tab: query.get('tab') ?? undefined };
}

describe('evidence links of a filtered diagnosis', () => {
  let store: Store;
  let incidentId: string;
  beforeAll(async () => {
    ({ store, incidentId } = await storedIncident('api', [join(scenario, 'access.log'), join(scenario, 'error.log')], { context: UTC }));
  });
  afterAll(async () => store.close());

  it('open the lines and the chart of the filtered requests, not every line of the server', async () => {
    const sel = { incidentId, path: '/api/item/1', status: '502' };
    const { findings, episodes, steps } = await diagnose(store, sel, `/incidents/${incidentId}`);
    expect(findings.length).toBeGreaterThan(0);
    for (const [i, finding] of findings.entries()) {
      const lines = opened(finding.evidence.lines, incidentId);
      expect(lines).toMatchObject({ tab: 'lines', server: finding.server, cause: finding.cause, path: '/api/item/1', status: '502' });
      expect(opened(finding.evidence.chart, incidentId)).toMatchObject({ path: '/api/item/1', status: '502' });
      const page = await getLines(store, { ...lines, kind: 'requests', limit: 1000 });
      expect(page.total).toBeGreaterThan(0);
      expect(page.total).toBeLessThanOrEqual(episodes[i]!.failed);
      // Without the filters the link would open the server's other paths too (/api/item/2, /api/item/30 …).
      expect(page.rows.filter((row) => row.kind !== 'request' || !row.path?.startsWith('/api/item/1') || row.status !== '502')).toEqual([]);
    }
    expect(steps.flatMap((s) => s.evidence).every((link) => link.endsWith('&status=502&path=%2Fapi%2Fitem%2F1'))).toBe(true);
  });

  it('say nothing more than before for a diagnosis with no filters', async () => {
    const { findings } = await diagnose(store, { incidentId }, '/incidents/x');
    expect(findings[0]!.evidence.lines).toMatch(/^\/incidents\/x\?tab=lines&server=127\.0\.0\.1%3A\d+&cause=\w+&from=\d+&to=\d+$/);
    expect(findings[0]!.evidence.chart).toMatch(/^\/incidents\/x\?from=\d+&to=\d+&pool=api$/);
  });
});
