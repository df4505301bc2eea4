import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { openDuckDbStore } from '../../store/duckdb';
import { buildReport, escapeMarkdown, reportMarkdown } from '../report';

const corpus = join(__dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused');

describe('the incident report', () => {
  it('escapes log and note text so Markdown cannot turn it into links, HTML, emphasis, blocks or table cells', () => {
    expect(escapeMarkdown('<script>x</script> [a](http://evil) | *b* `c` _d_ ~~e~~')).toBe(
      '&lt;script\\>x&lt;/script\\> \\[a\\](http://evil) \\| \\*b\\* \\`c\\` \\_d\\_ \\~\\~e\\~\\~',
    );
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('### heading')).toBe('\\### heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. step\n2. step')).toBe('\\1. step 2. step');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
  });

  it('leaves what cannot turn into markup as it reads, for a report pasted as plain text', () => {
    expect(escapeMarkdown('127.0.0.1:18102 upstream_refused /api/item/1 (99%) - ok! 00:37')).toBe('127.0.0.1:18102 upstream_refused /api/item/1 (99%) - ok! 00:37');
  });

  it('summarises a real incident, its findings, timeline and the conclusions people recorded', async () => {
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'checkout <b>502s</b>' })).id;
      for (const f of ['access.log', 'error.log']) {
        await ingestSource({ store, incidentId, name: f, body: createReadStream(join(corpus, f)), context: { utcOffsetMinutes: 0, zoneGiven: true } });
      }
      await store.saveWizardNote({ incidentId, step: 'upstream_status', conclusion: 'confirmed', note: 'search-1 had <crashed> | see [runbook](x)', author: 'Ana' });
      const report = await buildReport(store, incidentId, `/incidents/${incidentId}`);
      expect(report.diagnosis.findings).toHaveLength(2);
      const markdown = reportMarkdown(report, 'https://lens.example');
      expect(markdown).toContain('# checkout &lt;b\\>502s&lt;/b\\>');
      expect(markdown).toContain('1,788 requests');
      expect(markdown).toContain('answered 502 itself');
      expect(markdown).toContain('| 127.0.0.1:18102 | checkout | upstream_refused | 3 / 5 |');
      expect(markdown).toContain('- Upstream status: confirmed by Ana at');
      expect(markdown).toContain('search-1 had &lt;crashed\\> \\| see \\[runbook\\](x)');
      expect(markdown).not.toContain('<crashed>');
      expect(markdown).toContain('Status: investigating. Covers the whole incident.');

      // The report of a selection: the search pool over the ten seconds its server failed.
      const scope = { from: Date.parse('2026-11-25T00:35:27Z'), to: Date.parse('2026-11-25T00:35:38Z'), pool: 'search' };
      const scoped = await buildReport(store, incidentId, `/incidents/${incidentId}`, scope);
      expect(scoped.scope).toEqual(scope);
      expect(scoped.headline.requests).toBe((await store.headline({ incidentId, ...scope })).requests);
      expect(scoped.headline.requests).toBeLessThan(report.headline.requests);
      expect(scoped.headline.s502).toBe(report.headline.s502);
      expect(scoped.upstreams.map((u) => u.server)).toEqual(['127.0.0.1:18201']);
      expect(reportMarkdown(scoped, 'https://lens.example')).toContain('Covers from 2026-11-25T00:35:27Z to 2026-11-25T00:35:38Z, pool search.');
    } finally {
      await store.close();
    }
  });
});
