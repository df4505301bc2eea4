import { test, type TestInfo } from '@playwright/test';
import { checkFindings, checkProbesImported, checkUpstreamTables } from './real-gateways/check';
import { expectationOf } from './real-gateways/expected';
import { missingGateways } from './real-gateways/gateways';
import { diagnosisOf, ingestRun, upstreamTables } from './real-gateways/lens-api';
import { stopAllGateways } from './real-gateways/processes';
import { runScenario, type ScenarioRun } from './real-gateways/run-scenario';
import { scenarios } from './real-gateways/scenarios';

/**
 * Real nginx, HAProxy and Caddy in front of upstreams that fail on a timeline (e2e/real-gateways/README.md).
 * Each test runs one scenario, ingests the gateway's own logs and the probes through the HTTP API, and checks
 * the tables and the findings against what the client saw and what was injected.
 */

test.beforeAll(() => {
  const missing = missingGateways();
  if (missing.length) throw new Error(`not installed: ${missing.join(', ')} (npm test installs them: scripts/setup-lib.mjs ensureGateways)`);
});

// Every gateway is stopped by its runner; this catches one a crash in the runner itself left behind.
test.afterAll(() => stopAllGateways());

/** The logs and records go with the test's results, so a failure can be read without running it again. */
async function attach(testInfo: TestInfo, run: ScenarioRun) {
  for (const log of run.logs) await testInfo.attach(log.name, { body: log.body, contentType: 'text/plain' });
  await testInfo.attach('probes.jsonl', { body: run.probes, contentType: 'text/plain' });
  await testInfo.attach('client-records.json', { body: JSON.stringify(run.records, null, 1), contentType: 'application/json' });
}

for (const scenario of scenarios) {
  test(`${scenario.gateway}: ${scenario.title}`, async ({ request }, testInfo) => {
    test.setTimeout(60_000);
    const run = await runScenario(scenario);
    await attach(testInfo, run);
    const expected = expectationOf(run);
    await testInfo.attach('expected.json', { body: JSON.stringify(expected, null, 1), contentType: 'application/json' });
    const { id, sources } = await ingestRun(request, run);
    checkProbesImported(sources, run);
    checkUpstreamTables(await upstreamTables(request, id), expected);
    checkFindings(await diagnosisOf(request, id), run);
  });
}
