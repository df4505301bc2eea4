import { expect, test, type Page } from '@playwright/test';
import { HomePage } from './pages/home-page';
import { IncidentPage } from './pages/incident-page';
import { expectationOf } from './real-gateways/expected';
import { missingGateways, serverIdOf } from './real-gateways/gateways';
import { stopAllGateways } from './real-gateways/processes';
import { runScenario } from './real-gateways/run-scenario';
import { nginxApiResetThenClose as scenario } from './real-gateways/scenarios';

/**
 * The on-call engineer's path, end to end in Chromium, on logs a real nginx has just written: drop them with the
 * probes on the home page, read the chart and the upstream table, then walk the four checks to a conclusion.
 */

test.beforeAll(() => {
  const missing = missingGateways();
  if (missing.length) throw new Error(`not installed: ${missing.join(', ')} (npm test installs them: scripts/setup-lib.mjs ensureGateways)`);
});

test.afterAll(() => stopAllGateways());

/** The four checks, then the conclusion, in the order the wizard walks them. */
const steps = ['upstream_status', 'server_logs', 'network', 'configuration'] as const;

/**
 * What the checks must say for this scenario (README, Diagnosis): a reset points to the network, a close before
 * answering to the server's logs, and nothing sent an unreadable response. Step 1 also weighs the probes (their
 * HTTP GETs failed while api-1 still accepted connections), so its verdict is read, not asserted here.
 */
const verdicts: Partial<Record<(typeof steps)[number], string>> = { server_logs: 'problem found', network: 'problem found', configuration: 'looks fine' };

async function recordConclusion(page: Page, step: (typeof steps)[number] | 'conclusion', conclusion: 'Confirmed' | 'Ruled out', note: string) {
  const form = page.getByTestId(`conclusion-${step}`);
  await form.getByRole('button', { name: conclusion }).click();
  await form.getByTestId('conclusion-note').fill(note);
  await form.getByTestId('conclusion-author').fill('On-call');
  await form.getByTestId('conclusion-save').click();
  await expect(form.getByTestId('latest-conclusion')).toContainText(`${conclusion} by On-call`);
}

/** Opens each check from the first with "Next", checks its verdict, and records the engineer's conclusion. */
async function walkChecks(page: Page, server: string) {
  await page.getByTestId('step-tab-upstream_status').click();
  for (const step of steps) {
    const tab = page.getByTestId(`step-tab-${step}`);
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(step);
    if (verdicts[step]) await expect(tab).toContainText(verdicts[step]);
    const found = (await tab.textContent())!.includes('problem found');
    await recordConclusion(page, step, found ? 'Confirmed' : 'Ruled out', found ? `seen on ${server}` : 'nothing here');
    await page.getByTestId('step-next').click();
  }
}

test('UI: a real nginx\'s logs and probes dropped on the home page; chart, table and the checks walked to a conclusion', async ({ page }) => {
  test.setTimeout(90_000);
  const run = await runScenario(scenario);
  const expected = expectationOf(run);
  const [api] = expected.pools;
  const server = serverIdOf.nginx(scenario.traffic[0]!.pool.servers[0]!, scenario.traffic[0]!.pool);
  const row = expected.upstreams.find((u) => u.server === server)!;

  const home = new HomePage(page);
  await home.open();
  await home.dropFiles([
    ...run.logs.map((log) => ({ name: log.name, base64: log.body.toString('base64') })),
    { name: 'probes.jsonl', base64: Buffer.from(run.probes).toString('base64') },
  ]);
  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await expect(page.getByTestId('source-item')).toHaveCount(3);

  await expect(incident.figure('requests')).toHaveText(api!.requests.toLocaleString('en-US'));
  await expect(incident.figure('502')).toHaveText(String(api!.statuses['502']));
  await expect(incident.figure('worst')).toHaveText(server);
  await expect.poll(() => incident.tableRows()).toEqual({ [`api ${server}`]: { attempts: row.attempts, failed: row.failed, hidden: row.hidden, s502: row.s502 } });
  await expect.poll(() => incident.chartTotals()).toEqual({ api: api!.statuses['502'] });
  await expect(incident.chartLines()).toHaveCount(1);

  // The findings beside the charts; the network and server-logs checks each hold their own.
  await expect(page.getByTestId('finding').first()).toContainText(`${server} in pool api`);
  await walkChecks(page, server);
  await expect(page.getByTestId('step-tab-conclusion')).toHaveAttribute('aria-selected', 'true');
  const conclusion = page.getByTestId('step-conclusion');
  await expect(conclusion).toContainText(`The evidence points first to: ${server} in pool api`);
  await expect(page.getByTestId('conclusion-checks')).toContainText('Network connectivity: problem found; confirmed by On-call');
  await expect(page.getByTestId('conclusion-checks')).toContainText('Server logs: problem found; confirmed by On-call');
  await expect(page.getByTestId('conclusion-checks')).toContainText('Server configuration: looks fine; ruled out by On-call');
  await recordConclusion(page, 'conclusion', 'Confirmed', 'api-1 reset, then closed, connections; restarted it');
  await page.screenshot({ path: 'test-results/screens/real-gateways-wizard.png', fullPage: true });

  // Each check's own findings: the reset under the network, the early close under the server's logs.
  await page.getByTestId('step-tab-network').click();
  await expect(page.getByTestId('step-network').getByTestId('step-finding').first()).toContainText(`${server} in pool api reset connections`);
  await page.getByTestId('step-tab-server_logs').click();
  await expect(page.getByTestId('step-server_logs').getByTestId('step-finding').first()).toContainText(`${server} in pool api closed connections before answering`);

  // The conclusions are on the server: the report a colleague opens carries all five.
  await page.getByTestId('step-tab-conclusion').click();
  await page.getByTestId('open-report').click();
  await expect(page.getByTestId('report-notes')).toContainText('network: confirmed by On-call');
  await expect(page.getByTestId('report-notes')).toContainText('conclusion: confirmed by On-call');
  await expect(page.getByTestId('report-notes').locator('li')).toHaveCount(5);
});
