import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { HomePage } from './pages/home-page';
import { IncidentPage } from './pages/incident-page';

const corpus = join(import.meta.dirname, 'fixtures/corpus');
const truthOf = (scenario: string) => JSON.parse(readFileSync(join(corpus, scenario, 'truth.json'), 'utf8'));

test('picking a real nginx log uploads it with a progress bar and shows the chart and table that match truth.json', async ({ page }) => {
  const truth = truthOf('nginx-api-single-server');
  const home = new HomePage(page);
  await home.open();
  // Slow the upload down so the progress bar can be seen moving, as it would on a large file.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 60 * 1024 });
  await home.pickFiles([join(corpus, 'nginx-api-single-server/access.log')]);
  await expect(home.progress()).toBeVisible();
  await expect(home.progress().getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await expect(incident.figure('requests')).toHaveText(truth.total.requests.toLocaleString('en-US'));
  await expect(incident.figure('502')).toHaveText(String(truth.total.statuses['502']));
  await expect(incident.figure('worst')).toHaveText(truth.faults[0].server);

  // api has one server, so its attempts are the pool's requests and its 502s the pool's 502s.
  const rows = await incident.tableRows();
  const api = truth.pools.api;
  expect(rows[`api ${truth.faults[0].server}`]).toEqual({ attempts: api.requests, failed: api.statuses['502'] + api.statuses['0'], hidden: 0, s502: api.statuses['502'] });
  const web = Object.entries(rows).filter(([key]) => key.startsWith('web '));
  expect(web.reduce((n, [, r]) => n + r.attempts, 0)).toBe(truth.pools.web.requests);
  expect(web.every(([, r]) => r.s502 === 0 && r.failed === 0)).toBe(true);
  // The worst server is the first row.
  expect(Object.keys(rows)[0]).toBe(`api ${truth.faults[0].server}`);

  // The chart draws the 502s per pool.
  expect(await incident.chartTotals()).toEqual({ api: api.statuses['502'], web: 0 });
  await expect(incident.chartLines()).toHaveCount(2);
  await page.screenshot({ path: 'test-results/screens/incident-api-single-server.png', fullPage: true });
});

test('dropping a gzip log opens an incident whose table shows the failures nginx hid behind retries', async ({ page }) => {
  const truth = truthOf('nginx-checkout-refused');
  const home = new HomePage(page);
  await home.open();
  const gz = gzipSync(readFileSync(join(corpus, 'nginx-checkout-refused/access.log')));
  await home.dropFiles([{ name: 'access.log.1.gz', base64: gz.toString('base64') }]);

  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await expect(incident.figure('requests')).toHaveText(truth.total.requests.toLocaleString('en-US'));
  await expect(incident.figure('502')).toHaveText(String(truth.total.statuses['502']));
  const rows = await incident.tableRows();
  const [checkoutFault, searchFault] = truth.faults;
  // checkout's clients all got 200s, yet its refusing server failed: every failure hidden by a retry.
  expect(truth.pools.checkout.statuses).toEqual({ '200': truth.pools.checkout.requests });
  expect(rows[`checkout ${checkoutFault.server}`]).toMatchObject({ failed: 3, hidden: 3, s502: 3 });
  expect(rows[`search ${searchFault.server}`]).toMatchObject({ attempts: truth.pools.search.requests, s502: truth.pools.search.statuses['502'] });
  await expect(page.getByTestId('source-list')).toContainText('access.log.1.gz');
  await expect(page.getByTestId('source-list')).toContainText('1,788 of 1,788 lines parsed');

  // More files can join the incident later; its figures then count both.
  const second = join(import.meta.dirname, 'fixtures/nginx-upstream/access.log');
  const secondRequests = readFileSync(second, 'utf8').trimEnd().split('\n').length;
  await page.getByTestId('file-input').setInputFiles([second]);
  await expect(page.getByTestId('source-list').locator('li')).toHaveCount(2);
  await expect(incident.figure('requests')).toHaveText((truth.total.requests + secondRequests).toLocaleString('en-US'));
  await expect(incident.table()).toContainText('127.0.0.1:18482');
});

test('a file that is not a log gets a clear message naming it, and leaves no empty incident behind', async ({ page, request }) => {
  const home = new HomePage(page);
  const before = (await (await request.get('/api/incidents')).json()).incidents.length;
  await home.open();
  await home.dropFiles([{ name: 'notes.txt', base64: Buffer.from('hello\nworld\n').toString('base64') }]);
  await expect(home.uploadError()).toContainText('notes.txt: no known log format fits its first lines');
  await expect(home.uploadError()).not.toContainText('Open the incident');
  await expect(home.incidentList()).toBeVisible();
  expect((await (await request.get('/api/incidents')).json()).incidents.length).toBe(before);
  await page.screenshot({ path: 'test-results/screens/home.png', fullPage: true });
});

test('a stray file among logs does not stop the others: they are stored, and the message says which was not', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  const log = readFileSync(join(corpus, 'nginx-api-single-server/access.log'));
  await home.dropFiles([
    { name: 'notes.txt', base64: Buffer.from('hello\nworld\n').toString('base64') },
    { name: 'access.log', base64: log.toString('base64') },
  ]);
  await expect(home.uploadError()).toContainText('1 of 2 files stored; not stored:\nnotes.txt: no known log format fits its first lines');
  await home.uploadError().getByRole('link', { name: 'Open the incident' }).click();
  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await expect(incident.figure('requests')).toHaveText(truthOf('nginx-api-single-server').total.requests.toLocaleString('en-US'));
});

test('a log uploaded with redaction shows its query values and client as stand-ins in every line, and says so', async ({ page }) => {
  // The corpus's real access log, with what a checkout call carries in its query string.
  const log = readFileSync(join(corpus, 'nginx-checkout-refused/access.log'), 'utf8').replace(/"GET (\S+) /g, '"GET $1?card=4111111111111111&email=jane%40example.com ');
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('upload-options').locator('summary').click();
  await page.getByTestId('option-redact-query').check();
  await page.getByTestId('option-redact-clients').check();
  await home.dropFiles([{ name: 'checkout.log', base64: Buffer.from(log).toString('base64') }]);

  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  await expect(page.getByTestId('source-item').first()).toContainText('redacted on ingest: query-string values, client addresses');
  await page.getByTestId('tab-lines').click();
  await page.getByTestId('line-row').first().click();
  const raw = page.getByTestId('raw-line');
  await expect(raw).toContainText('?card=REDACTED&email=REDACTED ');
  await expect(raw).toContainText(/^198\.1[89]\.\d+\.\d+ - - \[/);
  await expect(raw).not.toContainText('4111111111111111');
  await expect(raw).toContainText(' 127.0.0.1:1820');
  await page.screenshot({ path: 'test-results/screens/redacted-line.png' });
});

test('a log uploaded with a time range stores that range only, and its source says how many lines were left outside', async ({ page }) => {
  const log = readFileSync(join(corpus, 'nginx-checkout-refused/access.log'), 'utf8');
  const lines = log.trimEnd().split('\n');
  // nginx writes each request's time to the second: 00:35:00 to 00:35:19 is the range from 00:35:00Z to 00:35:20Z.
  const inRange = lines.filter((line) => /\[25\/Nov\/2026:00:35:[01]\d \+0000\]/.test(line)).length;
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('upload-options').locator('summary').click();
  await page.getByTestId('option-from').fill('2026-11-25T00:35:00Z');
  await page.getByTestId('option-to').fill('2026-11-25T00:35:20Z');
  await home.dropFiles([{ name: 'checkout.log', base64: Buffer.from(log).toString('base64') }]);

  const incident = new IncidentPage(page);
  await incident.waitUntilLoaded();
  expect(inRange).toBeGreaterThan(0);
  await expect(incident.figure('requests')).toHaveText(inRange.toLocaleString('en-US'));
  const source = page.getByTestId('source-item').first();
  await expect(source).toContainText(`${lines.length - inRange} lines outside the range read (2026-11-25T00:35:00.000Z to 2026-11-25T00:35:20.000Z`);
  await source.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/upload-range.png', fullPage: true });

  // The same file dropped again is not counted twice; the message says how to read it for another range.
  await page.getByTestId('file-input').last().setInputFiles([{ name: 'checkout-again.log', mimeType: 'text/plain', buffer: Buffer.from(log) }]);
  await expect(page.getByTestId('source-item').nth(1)).toContainText(/not counted twice; to read it with another format or time range, re-read that source \(Read as…, or replaces=\d+\)/);
  // Read as… with the range emptied reads the whole file in its place.
  await source.getByRole('button', { name: 'Read as…' }).click();
  await source.getByTestId('reread-source').screenshot({ path: 'test-results/screens/reread-range.png' });
  await source.getByTestId('reread-file').setInputFiles([{ name: 'checkout.log', mimeType: 'text/plain', buffer: Buffer.from(log) }]);
  await expect(incident.figure('requests')).toHaveText(lines.length.toLocaleString('en-US'));
  await expect(page.getByTestId('source-item').first()).not.toContainText('outside the range read');
});

test('an upload whose range has no zone is refused with the reason, on the home page', async ({ page }) => {
  const home = new HomePage(page);
  await home.open();
  await page.getByTestId('upload-options').locator('summary').click();
  await page.getByTestId('option-from').fill('2026-11-25 00:35');
  const log = readFileSync(join(corpus, 'nginx-checkout-refused/access.log'));
  await home.dropFiles([{ name: 'checkout.log', base64: log.toString('base64') }]);
  await expect(home.uploadError()).toContainText('from "2026-11-25 00:35" is not a time: it must be UTC epoch milliseconds or an ISO 8601 time with its zone');
  await expect(page).toHaveURL(/\/$/);
});

test('a folder copied off two gateways, picked or dragged in whole: every log in it is read, named by its path, hidden files left out', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-folder-'));
  const logs = join(dir, 'nginx');
  // Two gateways' logs of their own (the same bytes twice would be counted once, as the same file).
  for (const [edge, scenario] of [['edge-1', 'nginx-api-single-server'], ['edge-2', 'nginx-checkout-refused']] as const) {
    mkdirSync(join(logs, edge), { recursive: true });
    copyFileSync(join(corpus, scenario, 'access.log'), join(logs, edge, 'access.log'));
  }
  copyFileSync(join(corpus, 'nginx-api-single-server/error.log'), join(logs, 'edge-1/error.log'));
  writeFileSync(join(logs, '.DS_Store'), Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]));
  const requests = truthOf('nginx-api-single-server').total.requests + truthOf('nginx-checkout-refused').total.requests;
  const expectSources = async () => {
    const incident = new IncidentPage(page);
    await incident.waitUntilLoaded();
    const names = await page.getByTestId('source-list').locator('li').allInnerTexts();
    expect(names.map((text) => text.split(/\s/)[0]).sort()).toEqual(['nginx/edge-1/access.log', 'nginx/edge-1/error.log', 'nginx/edge-2/access.log']);
    await expect(incident.figure('requests')).toHaveText(requests.toLocaleString('en-US'));
  };
  try {
    // The folder chooser (an input with webkitdirectory).
    const home = new HomePage(page);
    await home.open();
    await page.getByTestId('folder-input').setInputFiles(logs);
    await expectSources();

    // The folder dragged from the desktop: Chromium's own drag input, with the folder's path as the dragged file.
    await home.open();
    const box = (await home.dropZone().boundingBox())!;
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const cdp = await page.context().newCDPSession(page);
    const data = { items: [], files: [logs], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
    await expectSources();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
