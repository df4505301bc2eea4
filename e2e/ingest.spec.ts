import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { damagedAccessLog } from './fixtures/damaged-log';
import { HomePage } from './pages/home-page';
import { IncidentPage } from './pages/incident-page';

const fixtures = join(import.meta.dirname, 'fixtures');

test('several gateways\' files at once: each detected, read with progress, and summarised', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 80 * 1024 });
  await home.pickFiles([
    join(fixtures, 'corpus/nginx-media-reset-close/access.log'),
    join(fixtures, 'haproxy/access.log'),
    join(fixtures, 'caddy/access.log'),
  ]);
  // The server reads while the bytes arrive, and says how far it got, in lines and in the file's bytes.
  await expect(page.getByTestId('ingest-progress')).toContainText(/Reading access\.log: [\d,]+ lines \([\d.]+ of 0\.3 MB read, \d+%\), \d+ rejected/);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  const items = page.getByTestId('source-item');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0).getByTestId('source-format')).toContainText('nginx_upstream_timed (100% of the first lines)');
  await expect(items.nth(1).getByTestId('source-format')).toContainText('haproxy_http');
  await expect(items.nth(2).getByTestId('source-format')).toContainText('caddy_json');
  await expect(items.nth(0).getByTestId('source-counts')).toHaveText('1,788 of 1,788 lines parsed');
  await expect(items.nth(0)).toContainText(/read at [\d.]+ MB\/s/);
  // HAProxy names its servers; the refusing backend's server is in the table with its cause.
  await expect(incident.table()).toContainText('refused');
  await expect(incident.table()).toContainText('upstream refused');
  await page.screenshot({ path: 'test-results/screens/sources.png', fullPage: true });

  // Each line's time as precise as its log wrote it: HAProxy's accept date to the millisecond, nginx's $time_local to the second.
  const linesOf = async (pool: string) => {
    const url = new URL(page.url());
    url.search = `?tab=lines&pool=${pool}`;
    await page.goto(url.toString());
    return page.getByTestId('line-time').first();
  };
  await expect(await linesOf('refused')).toHaveText(/^2026-11-27 00:35:\d\d\.\d{3} UTC$/);
  await expect(await linesOf('media')).toHaveText(/^2026-11-25 00:\d\d:\d\d UTC$/);
});

test('a damaged log: every damaged line counted and shown with its line number and reason', async ({ page }) => {
  const damaged = damagedAccessLog();
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('file-input').setInputFiles([{ name: 'damaged.log', mimeType: 'text/plain', buffer: damaged.bytes }]);
  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  const item = page.getByTestId('source-item').first();
  await expect(item.getByTestId('source-counts')).toHaveText(
    `${(damaged.lines - 5).toLocaleString('en-US')} of ${damaged.lines.toLocaleString('en-US')} lines parsed, 5 rejected`,
  );
  await item.getByText('First rejected lines (5)').click();
  const rejects = item.getByTestId('source-rejects').locator('li');
  await expect(rejects).toHaveCount(5);
  for (const [i, reject] of damaged.rejects.entries()) {
    await expect(rejects.nth(i)).toContainText(`line ${reject.line}: ${reject.reason}`);
  }
  await page.screenshot({ path: 'test-results/screens/damaged.png', fullPage: true });

  // Reading it as a format that does not fit is refused, and the first reading stays.
  await item.getByRole('button', { name: 'Read as…' }).click();
  await item.getByRole('combobox').selectOption('nginx_combined');
  await item.getByTestId('reread-file').setInputFiles([{ name: 'damaged.log', mimeType: 'text/plain', buffer: damaged.bytes }]);
  await expect(item.getByTestId('reread-source')).toContainText('none of its');
  await expect(page.getByTestId('source-item')).toHaveCount(1);
  await expect(incident.figure('requests')).toHaveText((damaged.lines - 5).toLocaleString('en-US'));
});

test('the same file dropped twice is recognised and not counted twice', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  const log = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'));
  await home.pickFiles([join(fixtures, 'corpus/nginx-checkout-refused/access.log')]);
  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await page.getByTestId('file-input').last().setInputFiles([{ name: 'copy-of-access.log', mimeType: 'text/plain', buffer: log }]);
  await expect(page.getByTestId('source-item')).toHaveCount(2);
  await expect(page.getByTestId('source-item').nth(1)).toContainText(/not stored: the same file as source \d+/);
  await expect(incident.figure('requests')).toHaveText('1,788');
});

test('a pasted nginx log_format reads a custom log, and a zoneless error log says which zone it assumed', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('upload-options').locator('summary').click();
  await page.getByTestId('option-log-format').fill(readFileSync(join(fixtures, 'nginx-family/custom.log_format'), 'utf8'));
  await home.pickFiles([join(fixtures, 'nginx-family/custom-access.log')]);
  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  const item = page.getByTestId('source-item').first();
  await expect(item.getByTestId('source-format')).toContainText('nginx_log_format_custom');
  await expect(item.getByTestId('source-counts')).toHaveText('45 of 45 lines parsed');

  // The error log of the same nginx (which ran at +05:30) has no zone: read as UTC, and it says so.
  await page.getByTestId('file-input').setInputFiles([join(fixtures, 'nginx-family/error.log')]);
  const errors = page.getByTestId('source-item').nth(1);
  await expect(errors.getByTestId('source-format')).toContainText('nginx_error');
  await expect(errors).toContainText('times have no zone in this format and were read as UTC');
});
