// Regenerates the README screenshot from a running app: node scripts/screenshot.mjs [baseURL] [out.png]
// Opens the first incident in the list (the demo incident on a fresh store) in Debian's chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = process.argv[3] ?? 'public/screenshot.png';
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gateway-lens-shot-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1440, height: 900 },
  colorScheme: process.env.COLOR_SCHEME ?? 'light',
});
try {
  const page = await context.newPage();
  await page.goto(base);
  await page.getByTestId('incident-list').locator('a').first().click();
  await page.getByTestId('upstream-table').waitFor();
  await page.locator('.recharts-line-curve').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`wrote ${out} from ${page.url()}`);
} finally {
  await context.close();
}
