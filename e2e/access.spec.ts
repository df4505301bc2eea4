import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

// DESIGN section 9 in a real browser: changes only from the app's own pages, and GATEWAY_LENS_TOKEN.

test("another site's page cannot change anything, though the browser sends its request", async ({ page, baseURL, request }) => {
  // A page of another origin on loopback, as any site the engineer has open could be.
  const attacker: Server = createServer((_, response) => {
    response.setHeader('content-type', 'text/html');
    response.end(`<script>
      fetch(${JSON.stringify(`${baseURL}/api/incidents`)}, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ title: 'forged by another page' }) })
        .then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
    </script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const port = (attacker.address() as { port: number }).port;
  try {
    const forged = page.waitForResponse((r) => r.url() === `${baseURL}/api/incidents` && r.request().method() === 'POST');
    await page.goto(`http://127.0.0.1:${port}/`);
    expect((await forged).status()).toBe(403);
    const { incidents } = await (await request.get('/api/incidents')).json();
    expect(incidents.map((i: { title: string }) => i.title)).not.toContain('forged by another page');
    // Without a token the sign-in page says there is nothing to sign in to.
    await page.goto('/login');
    await expect(page.getByTestId('no-token')).toContainText('asks for no token');
    // The app's own page still changes things: create an incident from the home page's API, as the UI does.
    await page.goto('/');
    const own = await page.evaluate(async () => (await fetch('/api/incidents', { method: 'POST', body: JSON.stringify({ title: 'from its own page' }) })).status);
    expect(own).toBe(201);
  } finally {
    attacker.close();
  }
});

test.describe('with GATEWAY_LENS_TOKEN set', () => {
  const token = 'e2e-token-' + Math.random().toString(36).slice(2);
  const port = 3101;
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess;
  let dataDir: string;

  test.beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gateway-lens-e2e-token-'));
    server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-H', '127.0.0.1', '-p', String(port)], {
      env: { ...process.env, GATEWAY_LENS_DATA_DIR: dataDir, GATEWAY_LENS_TOKEN: token, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    for (let i = 0; i < 120; i++) {
      const up = await fetch(`${base}/api/session`).then((r) => r.ok, () => false);
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`the server with a token did not start on ${base}`);
  });

  test.afterAll(() => {
    server?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a shared incident link opens the sign-in page, and the token brings the engineer back to that exact view', async ({ page }) => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${base}/api/incidents`)).status).toBe(401);
    const created = await fetch(`${base}/api/incidents`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'behind a token' }) });
    expect(created.status).toBe(201);
    const { id } = await created.json();

    const link = `/incidents/${id}?step=network`;
    await page.goto(base + link);
    await expect(page).toHaveURL(`${base}/login?next=${encodeURIComponent(link)}`);
    await page.getByTestId('sign-in-token').fill('wrong');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in').getByRole('alert')).toHaveText("that is not this server's token (GATEWAY_LENS_TOKEN)");

    await page.getByTestId('sign-in-token').fill(token);
    await page.getByTestId('sign-in-submit').click();
    await expect(page).toHaveURL(base + link);
    await expect(page.getByTestId('incident-title')).toContainText('behind a token');
    await page.screenshot({ path: 'test-results/playwright/signed-in-incident.png' });

    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(`${base}/login`);
    await page.goto(base + link);
    await expect(page).toHaveURL(/\/login\?next=/);
  });
});
