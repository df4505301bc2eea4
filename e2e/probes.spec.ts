import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page';
import { HomePage } from './pages/home-page';

const corpus = join(import.meta.dirname, 'fixtures/corpus/nginx-api-single-server');
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));

test('probe results dropped with the logs line up under the chart and confirm the finding', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('upload-options').locator('summary').click();
  await page.getByTestId('option-tz').fill('UTC');
  await home.pickFiles(['access.log', 'error.log', 'probes.jsonl'].map((f) => join(corpus, f)));
  const dashboard = new DashboardPage(page);
  await expect(page.getByTestId('headline')).toBeVisible();
  await expect(page.getByTestId('source-item').nth(2).getByTestId('source-format')).toContainText('gateway_lens_jsonl');
  const row = page.getByTestId('probe-row').filter({ hasText: truth.faults[0].server });
  await expect(row).toBeVisible();
  // The refusals in the logs and the refused probes agree; the garbage window, where TCP still connected, shows up too.
  await expect(row.locator('[data-agreement="agree"]').first()).toBeAttached();
  await expect(page.getByTestId('finding').first()).toContainText('probes failed too (ECONNREFUSED)');
  await expect(dashboard.table().getByTestId('upstream-row').first().getByTestId('probe-state')).toContainText('up');
  await page.screenshot({ path: 'test-results/screens/probes.png', fullPage: true });
  // The wizard's step links to the probe results behind its finding: the chart zoomed to it, at the probe strip.
  await page.getByTestId('step-upstream_status').getByTestId('step-evidence-probe-results').first().click();
  await expect.poll(() => new URL(page.url()).hash).toBe('#probes');
  await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBeNull();
  await expect(page.getByTestId('probe-timeline')).toBeInViewport();
});

test('"Probe now" probes the server from here and shows the result in the table and on its timeline', async ({ page, request }) => {
  const { id } = await (await request.post('/api/incidents', { data: { title: 'probe now' } })).json();
  await request.post(`/api/incidents/${id}/sources?name=access.log`, { data: readFileSync(join(corpus, 'access.log')) });
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  const row = dashboard.table().getByTestId('upstream-row').filter({ hasText: truth.faults[0].server });
  await expect(row.getByTestId('probe-state')).toHaveCount(0);
  await row.getByTestId('probe-now').click();
  // Nothing listens on the corpus's upstream port any more: the probe is refused, and says so.
  await expect(row.getByTestId('probe-state')).toContainText('down (tcp, connection refused (ECONNREFUSED))');
  // The corpus is from another day than the probe: the timeline says so rather than drawing it off the chart.
  const timeline = page.getByTestId('probe-row').filter({ hasText: truth.faults[0].server });
  await expect(timeline.getByTestId('probes-outside')).toContainText('1 more outside the chart\'s range');
  await expect(timeline.getByTestId('probes-outside')).toContainText('down (connection refused (ECONNREFUSED))');
  // Zoomed to the minutes around the probe, it is drawn on the server's timeline: no traffic then, but the probe says down.
  const now = Date.now();
  await dashboard.page.goto(`/incidents/${id}?from=${now - 120_000}&to=${now + 60_000}`);
  const zoomed = page.getByTestId('probe-row').filter({ hasText: truth.faults[0].server });
  await expect(zoomed.locator('rect[data-ok="false"]')).toHaveCount(1);
  await expect(zoomed.getByTestId('probes-outside')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/probe-now.png', fullPage: true });
});

test('a probe of a target outside the incident is refused with 403 and the rule', async ({ request }) => {
  const { id } = await (await request.post('/api/incidents', { data: { title: 'guard' } })).json();
  await request.post(`/api/incidents/${id}/sources?name=access.log`, { data: readFileSync(join(corpus, 'access.log')) });
  const outside = await request.post(`/api/incidents/${id}/probes/run`, { data: { targets: ['127.0.0.1:9'], kind: 'tcp' } });
  expect(outside.status()).toBe(403);
  expect((await outside.json()).error).toMatchObject({ code: 'probe_target_refused', message: expect.stringContaining("appears nowhere in this incident's data") });
  const metadata = await request.post(`/api/incidents/${id}/probes/run`, { data: { targets: ['169.254.169.254:80'], kind: 'http' } });
  expect(metadata.status()).toBe(403);
  expect((await metadata.json()).error.message).toContain('is a cloud metadata address');
});
