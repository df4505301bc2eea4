import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DashboardPage } from './pages/dashboard-page';

const corpus = join(import.meta.dirname, 'fixtures/corpus/nginx-api-single-server');
const truth = JSON.parse(readFileSync(join(corpus, 'truth.json'), 'utf8'));

async function incidentFromCorpus(request: APIRequestContext, title: string): Promise<string> {
  const { id } = await (await request.post('/api/incidents', { data: { title } })).json();
  for (const name of ['access.log', 'error.log']) {
    const response = await request.post(`/api/incidents/${id}/sources?name=${name}&tz=UTC`, { data: readFileSync(join(corpus, name)) });
    expect(response.status()).toBe(201);
  }
  return id;
}

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

test('the figures match truth.json; drag to zoom, click through to the lines and their evidence', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, '502s on api');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await expect(dashboard.figure('requests')).toHaveText(truth.total.requests.toLocaleString('en-US'));
  await expect(dashboard.figure('502')).toHaveText(String(truth.total.statuses['502']));
  await expect(dashboard.figure('other')).toHaveText('0 / 0 / 0');
  await expect(dashboard.figure('worst-pool')).toHaveText('api');
  await expect(dashboard.figure('worst')).toHaveText(truth.faults[0].server);
  expect(await dashboard.chartTotals()).toEqual({ api: truth.pools.api.statuses['502'], web: 0 });
  await page.screenshot({ path: 'test-results/screens/dashboard-overview.png', fullPage: true });

  // Drag across the first half of the chart: the range goes to the URL and every figure follows it.
  await dashboard.dragOnChart(0.05, 0.5);
  await expect(page.getByTestId('chip-range')).toBeVisible();
  // The URL follows the view a moment later (nuqs writes it asynchronously).
  await expect.poll(async () => (await dashboard.query()).get('to')).not.toBeNull();
  const zoomed = await dashboard.query();
  const [from, to] = [Number(zoomed.get('from')), Number(zoomed.get('to'))];
  expect(to).toBeGreaterThan(from);
  await expect(dashboard.figure('requests')).not.toHaveText(truth.total.requests.toLocaleString('en-US'));
  const requestsInRange = Number((await dashboard.figure('requests').textContent())!.replaceAll(',', ''));
  expect(requestsInRange).toBeLessThan(truth.total.requests);
  expect(requestsInRange).toBeGreaterThan(0);

  // A click on the chart opens the lines of that moment.
  await dashboard.clickOnChart(0.4);
  await expect(page.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  await expect(dashboard.linesView().getByTestId('line-row').first()).toBeVisible();
  await expect.poll(async () => (await dashboard.query()).get('tab')).toBe('lines');
  const picked = await dashboard.query();
  expect(Number(picked.get('to')) - Number(picked.get('from'))).toBe(1000);

  // Narrow to the 502s, open one: its raw line, file and line number, and the error-log event that says why.
  await page.getByTestId('filter-status').fill('502');
  await page.getByTestId('filter-pool').fill('api');
  await page.getByTestId('apply-filters').click();
  await page.getByTestId('chip-range').getByRole('button').click();
  await expect(page.getByTestId('lines-total')).toHaveText(`${truth.pools.api.statuses['502']} requests`);
  await page.getByTestId('line-row').first().click();
  await expect(page.getByTestId('raw-line')).toContainText('" 502 ');
  await expect(page.getByTestId('line-detail')).toContainText('access.log, line');
  await expect(page.getByTestId('related-lines')).toContainText('error.log:');
  await page.screenshot({ path: 'test-results/screens/dashboard-lines.png', fullPage: true });

  // The link opens exactly this view for a colleague.
  await page.getByTestId('copy-link').click();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());
  const colleague = await page.context().newPage();
  await colleague.goto(link);
  await expect(colleague.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  await expect(colleague.getByTestId('chip-status')).toContainText('502');
  await expect(colleague.getByTestId('chip-pool')).toContainText('api');
  await expect(colleague.getByTestId('lines-total')).toHaveText(`${truth.pools.api.statuses['502']} requests`);
  await expect(colleague.getByTestId('figure-502')).toHaveText(String(truth.total.statuses['502']));

  // The header's report is the report of what is on screen.
  await colleague.getByTestId('header-report').click();
  await expect(colleague.getByTestId('report-scope')).toHaveText('Covers pool api, status 502.');
});

test('the table sorts, the zone switches and annotations mark every chart, all kept in the URL', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'table and zone');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await dashboard.table().getByRole('button', { name: 'Attempts' }).click();
  await expect.poll(async () => (await dashboard.query()).get('sort')).toBe('attempts');
  await expect(dashboard.table().getByTestId('upstream-row').first().locator('[data-col="server"]')).toHaveText(truth.faults[0].server);
  await dashboard.table().getByRole('button', { name: /Attempts/ }).click();
  await expect.poll(async () => (await dashboard.query()).get('sort')).toBe('-attempts');

  await page.getByTestId('zone-local').click();
  await expect.poll(async () => (await dashboard.query()).get('tz')).toBe('local');
  await expect(dashboard.figure('first-502')).toContainText(/UTC[+-]\d\d:\d\d/);

  await page.getByTestId('zone-utc').click();
  // The time axis reads a few round times at one step, not a label for each of the incident's 1 s buckets.
  const tickLabels = dashboard.statusChart().locator('.recharts-xAxis-tick-labels text');
  await expect(tickLabels.first()).toBeVisible();
  const ticks = (await tickLabels.allTextContents()).map((t) => {
    const [h, m, sec] = t.split(':').map(Number);
    return h! * 3600 + m! * 60 + sec!;
  });
  expect(ticks.length).toBeGreaterThan(2);
  expect(ticks.length).toBeLessThanOrEqual(8);
  const step = ticks[1]! - ticks[0]!;
  expect(ticks.every((t, i) => t % step === 0 && (i === 0 || t - ticks[i - 1]! === step))).toBe(true);
  await page.getByTestId('annotation-time').fill('2026-11-25T00:36:18');
  await page.getByTestId('annotation-label').fill('deploy api');
  await page.getByTestId('annotation-add').click();
  await expect(page.getByTestId('annotations')).toContainText('2026-11-25 00:36:18 UTC deploy api');
  await expect(dashboard.statusChart()).toContainText('deploy api');
  await expect(page.getByTestId('cause-chart-plot')).toContainText('deploy api');

  // Clicking a row narrows every figure to that server.
  await dashboard.table().getByTestId('upstream-row').filter({ hasText: '18121' }).click();
  await expect(page.getByTestId('chip-server')).toContainText('127.0.0.1:18121');
  await expect(dashboard.figure('502')).toHaveText('0');
});

test('the home page lists incidents, renames and deletes them after a confirmation', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'to be renamed');
  await page.goto('/');
  const row = page.getByTestId('incident-row').filter({ hasText: 'to be renamed' });
  await expect(row).toContainText(truth.faults[0].server);
  await expect(row).toContainText('in api');
  await row.getByTestId('rename').click();
  await row.getByTestId('rename-input').fill('checkout outage, renamed');
  await row.getByRole('button', { name: 'Save' }).click();
  const renamed = page.getByTestId('incident-row').filter({ hasText: 'checkout outage, renamed' });
  await expect(renamed).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await renamed.getByTestId('delete').click();
  await expect(renamed).toHaveCount(0);
  expect((await request.get(`/api/incidents/${id}`)).status()).toBe(404);
});

test('100,000 requests scroll in the lines view with only the visible rows on the page', async ({ page, request }) => {
  const lines = readFileSync(join(corpus, 'access.log'), 'utf8').trimEnd().split('\n');
  // The real corpus lines repeated: 100,128 requests (the same bytes never count twice, so each copy is its own file).
  const { id } = await (await request.post('/api/incidents', { data: { title: 'many lines' } })).json();
  const copies = 84;
  const form = Object.fromEntries(
    Array.from({ length: copies }, (_, i) => [`file${i}`, { name: `copy-${i}.log`, mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n') + '\n'.repeat(i + 1)) }]),
  );
  const response = await request.post(`/api/incidents/${id}/sources`, { multipart: form, timeout: 120_000 });
  expect(response.status()).toBe(201);
  const dashboard = new DashboardPage(page);
  await dashboard.open(id, '?tab=lines');
  const total = copies * lines.length;
  await expect(page.getByTestId('lines-total')).toHaveText(`${total.toLocaleString('en-US')} requests`);
  const scroller = page.getByTestId('lines-scroller');
  for (let i = 0; i < 6; i++) {
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.waitForTimeout(300);
  }
  await expect(page.getByTestId('line-row').last()).toContainText(`copy-${copies - 1}.log:${lines.length}`, { timeout: 30_000 });
  expect(await page.getByTestId('line-row').count()).toBeLessThan(200);
});

test('the findings name each injected fault and open the lines behind it', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'findings');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  const findings = page.getByTestId('finding');
  await expect(findings).toHaveCount(truth.faults.length);
  await expect(findings.first()).toContainText(`${truth.faults[0].server} in pool api refused connections from 00:36:18`);
  await expect(findings.nth(1)).toContainText('sent responses the gateway could not read');
  await expect(page.getByTestId('step-tab-upstream_status')).toContainText('problem found');
  await expect(page.getByTestId('step-tab-configuration')).toContainText('problem found');
  await page.screenshot({ path: 'test-results/screens/findings.png', fullPage: true });
  await findings.first().getByTestId('finding-lines').click();
  await expect(page.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chip-server')).toContainText(truth.faults[0].server);
  await expect(page.getByTestId('line-row').first()).toContainText('upstream refused');
});

test('the wizard: follow a finding\'s evidence, record a conclusion, reload and find it, open the report', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'wizard walk');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  // The first check that found a problem opens by default, with its findings, evidence and commands.
  const step = page.getByTestId('step-upstream_status');
  await expect(step).toContainText('problem found');
  await expect(step.getByTestId('step-finding').first()).toContainText(`${truth.faults[0].server} in pool api refused connections`);
  await expect(step.getByTestId('step-finding').first()).toContainText("ss -ltnp 'sport = :18111'");
  // The commands go to the clipboard as they are shown, one a line, ready to paste into the host's shell.
  const commands = step.getByTestId('step-commands').first();
  await commands.getByTestId('copy-commands').click();
  await expect(commands.getByTestId('copy-commands')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${await commands.locator('pre').innerText()}\n`);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^ss -ltnp 'sport = :18111'.*\ncurl -sv -m 5 http:\/\/127\.0\.0\.1:18111\/ -o \/dev\/null\njournalctl --since /);
  const form = step.getByTestId('conclusion-upstream_status');
  await form.getByRole('button', { name: 'Confirmed' }).click();
  await form.getByTestId('conclusion-note').fill('ss -ltnp on the api host showed nothing on 18111 <at 00:36>');
  await form.getByTestId('conclusion-author').fill('Ana');
  await form.getByTestId('conclusion-save').click();
  await expect(form.getByTestId('latest-conclusion')).toContainText('Confirmed by Ana');
  await page.reload();
  await expect(page.getByTestId('conclusion-upstream_status').getByTestId('latest-conclusion')).toContainText('Confirmed by Ana');
  await expect(page.getByTestId('conclusion-upstream_status').getByTestId('latest-conclusion')).toContainText('<at 00:36>');

  // The step's evidence link opens the lines behind its finding; back returns to the wizard where it was.
  await page.getByTestId('step-upstream_status').getByTestId('step-evidence-lines').first().click();
  await expect(page.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chip-server')).toContainText(truth.faults[0].server);
  await expect(page.getByTestId('line-row').first()).toContainText('upstream refused');
  await page.goBack();
  await expect(page.getByTestId('step-upstream_status')).toBeVisible();
  // Walk on to step 4: its id goes into the URL, so a reload (or a shared link) opens the same step.
  await page.getByTestId('step-next').click();
  await expect(page.getByTestId('step-server_logs')).toBeVisible();
  await page.getByTestId('step-tab-configuration').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe('configuration');
  await page.reload();
  await expect(page.getByTestId('step-tab-configuration')).toHaveAttribute('aria-selected', 'true');
  // Step 4 reads the configuration and points at the lines that make these failures likely.
  const configuration = page.getByTestId('step-configuration');
  await configuration.getByTestId('config-check').locator('summary').click();
  await configuration.getByTestId('config-text').fill(readFileSync(join(import.meta.dirname, 'fixtures/nginx-config/shop.conf'), 'utf8'));
  await configuration.getByTestId('config-submit').click();
  await expect(configuration.getByTestId('config-points')).toContainText('line 20: proxy_buffer_size 4k');
  await expect(configuration.getByTestId('config-points')).toContainText('160 attempts failed with an invalid or oversized response');

  // The conclusion sums up every check and who concluded what.
  await page.getByTestId('step-tab-conclusion').click();
  await expect(page.getByTestId('conclusion-checks')).toContainText('Upstream status: problem found; confirmed by Ana');
  await page.screenshot({ path: 'test-results/screens/wizard-conclusion.png', fullPage: true });
  await page.getByTestId('open-report').click();
  await expect(page.getByTestId('report-summary')).toContainText(`${truth.total.requests.toLocaleString('en-US')} requests`);
  await expect(page.getByTestId('report-findings').locator('li')).toHaveCount(truth.faults.length);
  await expect(page.getByTestId('report-notes')).toContainText('upstream status: confirmed by Ana');
  await page.screenshot({ path: 'test-results/screens/report.png', fullPage: true });
  const markdown = await request.get(`/api/incidents/${id}/report?format=markdown`);
  expect(markdown.headers()['content-type']).toContain('text/markdown');
  const text = await markdown.text();
  expect(text).toContain('confirmed by Ana');
  expect(text).toContain('&lt;at 00:36\\>');
});

test('the failures of paths with IDs gather under their endpoint, which narrows the view to it', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'endpoints');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  // Every failed request is for /api/item/<id>, each path failing once or twice: the endpoint says it at once.
  const endpoints = page.getByTestId('top-prefixes').getByRole('listitem');
  await expect(endpoints).toHaveCount(1);
  await expect(endpoints.first()).toContainText('/api/item/…');
  // The corpus's log_format has no $host: the panel says so rather than leave "(not logged)" unexplained.
  await expect(page.getByTestId('hosts-not-logged')).toContainText('add $host to the log_format');
  const paths = page.getByTestId('top-paths').getByRole('listitem');
  await expect(paths.first()).toContainText('/api/item/');
  // Clicking it selects that endpoint exactly (its first two segments), not every path that starts with it.
  await endpoints.first().getByRole('button').click();
  await expect.poll(async () => (await dashboard.query()).get('endpoint')).toBe('/api/item');
  await expect(page.getByTestId('chip-endpoint')).toContainText('endpoint /api/item');
  await expect(dashboard.figure('502')).toHaveText(String(truth.total.statuses['502']));
  await expect(dashboard.figure('requests')).toHaveText(truth.pools.api.requests.toLocaleString('en-US'));
  await page.getByTestId('top-failures').screenshot({ path: 'test-results/screens/top-endpoints.png' });
});

test('"Failed only" in the lines view lists the failed requests alone, and the link keeps it', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'failed only');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await page.getByTestId('tab-lines').click();
  await expect(page.getByTestId('lines-total')).toHaveText(`${truth.total.requests.toLocaleString('en-US')} requests`);
  await page.getByTestId('filter-failed').check();
  await expect.poll(async () => (await dashboard.query()).get('failed')).toBe('true');
  // Failed: the api server's 502s and the requests it failed in other ways (the top failures count the same).
  const { hosts } = await (await request.get(`/api/incidents/${id}/top?limit=50`)).json();
  const failed = hosts.reduce((n: number, h: { failed: number }) => n + h.failed, 0);
  await expect(page.getByTestId('lines-total')).toHaveText(`${failed} failed requests`);
  await expect(page.getByTestId('line-row').first()).not.toContainText(/^\S+ \S+ 200 /);
  await page.getByTestId('line-row').first().screenshot({ path: 'test-results/screens/failed-only-first-row.png' });
  // The same selection downloads as the raw lines, as nginx wrote them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-lines').click()]);
  expect(download.suggestedFilename()).toBe(`incident-${id}-requests-failed.log`);
  const lines = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(failed);
  const access = readFileSync(join(corpus, 'access.log'), 'utf8').split('\n');
  expect(lines.every((line) => access.includes(line))).toBe(true);
  expect(lines.some((line) => line.includes('" 502 '))).toBe(true);
  await page.reload();
  await expect(page.getByTestId('filter-failed')).toBeChecked();
  await expect(page.getByTestId('lines-total')).toHaveText(`${failed} failed requests`);
});

test('the status and notes of an incident are kept for everyone with the link, on the home page and in the report', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'status and notes');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await expect(page.getByTestId('incident-status')).toHaveValue('investigating');
  await page.getByTestId('incident-status').selectOption('mitigated');
  await page.getByTestId('incident-notes').locator('summary').click();
  await page.getByTestId('incident-notes-text').fill('api 127.0.0.1:18111 restarted at 00:37; watching the 502 rate');
  await page.getByTestId('incident-notes-save').click();
  await expect(page.getByTestId('incident-notes')).toContainText('Saved');

  // A colleague opening the link sees both.
  const colleague = await page.context().newPage();
  await colleague.goto(`/incidents/${id}`);
  await expect(colleague.getByTestId('incident-status')).toHaveValue('mitigated');
  await expect(colleague.getByTestId('incident-notes-text')).toHaveValue('api 127.0.0.1:18111 restarted at 00:37; watching the 502 rate');
  await colleague.screenshot({ path: 'test-results/screens/status-and-notes.png' });

  await colleague.goto('/');
  await expect(colleague.getByTestId('incident-row').filter({ hasText: 'status and notes' }).getByTestId('incident-status-badge')).toHaveText('Mitigated');
  await colleague.goto(`/incidents/${id}/report`);
  await expect(colleague.getByTestId('report-status')).toHaveText('Status: Mitigated');
  await expect(colleague.getByTestId('report-incident-notes')).toHaveText('api 127.0.0.1:18111 restarted at 00:37; watching the 502 rate');
  const markdown = await (await request.get(`/api/incidents/${id}/report?format=markdown`)).text();
  expect(markdown).toContain('Status: mitigated. Covers the whole incident.\n\n## Notes\n\napi 127.0.0.1:18111 restarted at 00:37; watching the 502 rate');
});

test('upstream response time is drawn over time, follows the filters, and a click opens the lines of that moment', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'latency');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  const api = async (query = '') => (await (await request.get(`/api/incidents/${id}/latency${query}`)).json()) as { bucketMs: number; points: { t: number; n: number; p99: number }[] };
  const whole = await api();
  expect(whole.points.length).toBeGreaterThan(30);
  const attempts = whole.points.reduce((sum, p) => sum + p.n, 0);
  const peak = whole.points.reduce((worst, p) => (p.p99 > worst.p99 ? p : worst));
  const chart = page.getByTestId('latency-chart');
  await expect(chart).toContainText(`p50 / p95 / p99 of ${attempts.toLocaleString('en-US')} attempts, ${whole.bucketMs / 1000} s buckets`);
  await expect(page.getByTestId('latency-chart-peak')).toHaveText(`Highest p99: ${peak.p99} ms at ${new Date(peak.t).toISOString()}`);
  await expect(page.getByTestId('latency-chart-plot').locator('.recharts-line')).toHaveCount(3);
  await chart.screenshot({ path: 'test-results/screens/latency-chart.png' });

  // Narrowed to one server, the chart is that server's.
  const server = truth.faults[0].server as string;
  await dashboard.open(id, `?server=${encodeURIComponent(server)}`);
  const own = await api(`?server=${encodeURIComponent(server)}`);
  const ownAttempts = own.points.reduce((sum, p) => sum + p.n, 0);
  expect(ownAttempts).toBeLessThanOrEqual(attempts);
  await expect(chart).toContainText(`of ${ownAttempts.toLocaleString('en-US')} attempts`);

  // Within a pool, each server's p95 apart.
  await dashboard.open(id, '?pool=api');
  await expect(chart).toContainText('Upstream response time per server in pool api');
  await expect(chart.locator('.recharts-legend-wrapper')).toHaveText(`${server} p95`);

  // A click on the chart opens the lines of that bucket.
  await dashboard.clickOnChart(0.5, page.getByTestId('latency-chart-plot'));
  await expect(page.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  const query = await dashboard.query();
  expect(Number(query.get('to')) - Number(query.get('from'))).toBe(own.bucketMs);
});

test('where the browser refuses the clipboard (plain http on a LAN name), Copy link says so rather than claiming it copied', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'no clipboard');
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined });
    document.execCommand = () => false;
  });
  await new DashboardPage(page).open(id);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('copy-link')).toHaveText('Copy refused: use the address bar');
});

test('the report opened from a zoomed view is the report of that range, and says so', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'report of a range');
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await dashboard.dragOnChart(0.05, 0.5);
  await expect.poll(async () => (await dashboard.query()).get('to')).not.toBeNull();
  const zoomed = await dashboard.query();
  // The figures follow the range a moment after the URL does.
  await expect(dashboard.figure('requests')).not.toHaveText(truth.total.requests.toLocaleString('en-US'));
  const requestsInRange = (await dashboard.figure('requests').textContent())!;
  await page.getByTestId('step-tab-conclusion').click();
  await page.getByTestId('open-report').click();
  await expect(page).toHaveURL(new RegExp(`/incidents/${id}/report\\?from=${zoomed.get('from')}&to=${zoomed.get('to')}$`));
  const iso = (ms: string | null) => new Date(Number(ms)).toISOString().replace('.000Z', 'Z');
  await expect(page.getByTestId('report-scope')).toHaveText(`Covers from ${iso(zoomed.get('from'))} to ${iso(zoomed.get('to'))}.`);
  await expect(page.getByTestId('report-summary')).toContainText(`${requestsInRange} requests from`);
  const markdown = await (await request.get(`/api/incidents/${id}/report?from=${zoomed.get('from')}&to=${zoomed.get('to')}&format=markdown`)).text();
  expect(markdown).toContain(`Covers from ${iso(zoomed.get('from'))} to ${iso(zoomed.get('to'))}.`);
  expect(markdown).toContain(`${requestsInRange} requests from`);
  // Ready to paste into the postmortem: the same Markdown, on the clipboard.
  await page.getByTestId('report-copy-markdown').click();
  await expect(page.getByTestId('report-copy-markdown')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(markdown);
  await page.screenshot({ path: 'test-results/screens/report-of-a-range.png' });
});

test('on a phone the answer fits: the worst server and times whole, the runbook tabs readable, no sideways page', async ({ page, request }) => {
  const id = await incidentFromCorpus(request, 'on a phone');
  await page.setViewportSize({ width: 390, height: 844 });
  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  await expect(dashboard.figure('worst')).toHaveText(truth.faults[0].server);
  const overflows = (testId: string) => page.getByTestId(testId).evaluate((el) => el.scrollWidth > el.clientWidth);
  for (const figure of ['figure-worst', 'figure-first-502', 'figure-last-502']) expect(await overflows(figure), figure).toBe(false);
  for (const tab of await page.getByTestId('steps').getByRole('tab').all()) {
    expect(await tab.evaluate((el) => el.scrollWidth > el.clientWidth), (await tab.textContent()) ?? '').toBe(false);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The upstream table scrolls sideways in its box rather than squeezing its causes to a word a line.
  const row = await page.getByTestId('upstream-row').first().boundingBox();
  expect(row!.height).toBeLessThan(100);
  await page.screenshot({ path: 'test-results/screens/phone.png' });
});

test('many findings: the worst three show and the rest on demand, and a link to a step opens the panel on the wizard', async ({ page, request }) => {
  // Real HAProxy 2.6 lines: a dozen backends failing each in its own way, a finding each.
  const { id } = await (await request.post('/api/incidents', { data: { title: 'many findings' } })).json();
  const log = readFileSync(join(import.meta.dirname, 'fixtures/haproxy/access.log'));
  expect((await request.post(`/api/incidents/${id}/sources?name=haproxy.log&tz=UTC`, { data: log })).status()).toBe(201);
  const all = (await (await request.get(`/api/incidents/${id}/diagnosis`)).json()).diagnosis.findings.length;
  expect(all).toBeGreaterThan(3);

  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  const findings = page.getByTestId('finding');
  await expect(findings).toHaveCount(3);
  const more = page.getByTestId('findings-more');
  await expect(more).toHaveText(`Show ${all - 3} more findings (${all} in all, most failed attempts first)`);
  await more.click();
  await expect(findings).toHaveCount(all);
  await more.click();
  await expect(findings).toHaveCount(3);

  // A shared link to a step: the side panel opens scrolled to the wizard, the page itself where it starts.
  await dashboard.open(id, '?step=network');
  const panel = page.locator('aside');
  await expect(page.getByTestId('step-network')).toBeVisible();
  await expect.poll(() => panel.evaluate((aside) => aside.scrollTop)).toBeGreaterThan(0);
  // Scrolled to the wizard, or as far as the panel goes: the findings are above, the step tabs in the panel's box.
  const placed = await page.getByTestId('wizard').evaluate((wizard) => {
    const aside = wizard.closest('aside')!;
    const box = aside.getBoundingClientRect();
    const tabs = wizard.querySelector('[role=tablist]')!.getBoundingClientRect();
    const atEnd = aside.scrollTop + aside.clientHeight >= aside.scrollHeight - 1;
    return { tabsInPanel: tabs.top >= box.top && tabs.bottom <= box.bottom, wizardAtTop: Math.round(wizard.getBoundingClientRect().top - box.top) === 0 || atEnd };
  });
  expect(placed).toEqual({ tabsInPanel: true, wizardAtTop: true });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await page.screenshot({ path: 'test-results/screens/step-link.png' });
});

test('a server that fails again and again is one finding, its stretches folded under it, each opening its own lines', async ({ page, request }) => {
  // The bench's generator repeats the corpus's real lines for half a minute: the same faults every few seconds.
  const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-repeats-'));
  const log = join(dir, 'access.log');
  execFileSync(process.execPath, [join(import.meta.dirname, '../scripts/bench/generate-log.mjs'), '60000', log]);
  const { id } = await (await request.post('/api/incidents', { data: { title: 'repeats' } })).json();
  expect((await request.post(`/api/incidents/${id}/sources?name=access.log`, { data: readFileSync(log) })).status()).toBe(201);
  rmSync(dir, { recursive: true, force: true });
  const { episodes } = (await (await request.get(`/api/incidents/${id}/diagnosis`)).json()).diagnosis;
  const stretches = episodes.filter((e: { server: string; cause: string }) => e.server === '127.0.0.1:18111' && e.cause === 'unknown').length;
  expect(stretches).toBeGreaterThanOrEqual(3);

  const dashboard = new DashboardPage(page);
  await dashboard.open(id);
  const first = page.getByTestId('finding').first();
  await expect(first).toContainText(`127.0.0.1:18111 in pool api failed again and again: ${stretches} separate stretches from 00:00:00 to`);
  await first.getByTestId('stretches').locator('summary').click();
  await expect(first.getByTestId('stretch')).toHaveCount(stretches);
  // The wizard's step says the same group, not one of its stretches.
  await expect(page.getByTestId('step-finding').first()).toContainText('127.0.0.1:18111 in pool api failed again and again');
  await page.screenshot({ path: 'test-results/screens/repeated-stretches.png' });
  await first.getByTestId('stretch-lines').last().click();
  await expect(page.getByTestId('tab-lines')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('chip-server')).toContainText('127.0.0.1:18111');
});

test('an incident of an error log alone: its findings, the wizard and the report say what the error log names', async ({ page, request }) => {
  const { id } = await (await request.post('/api/incidents', { data: { title: 'error log only' } })).json();
  expect((await request.post(`/api/incidents/${id}/sources?name=error.log&tz=UTC`, { data: readFileSync(join(corpus, 'error.log')) })).status()).toBe(201);
  await page.goto(`/incidents/${id}`);
  const first = page.getByTestId('finding').first();
  await expect(first).toContainText('127.0.0.1:18111 sent responses the gateway could not read (invalid or oversized headers) from 00:36:40 to 00:37:03 UTC: 160 error-log entries');
  const { findings, episodes } = (await (await request.get(`/api/incidents/${id}/diagnosis`)).json()).diagnosis;
  expect(episodes).toEqual([]);
  await expect(page.getByTestId('finding')).toHaveCount(Math.min(3, findings.length));
  await expect(page.getByTestId('step-finding').first()).toContainText('error-log entries');
  await page.goto(`/incidents/${id}/report`);
  await expect(page.getByTestId('report-findings')).toContainText('149 error-log entries');
});
