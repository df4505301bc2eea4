// README command 2: install what is missing, then typecheck, lint, unit and integration tests, build, e2e.
// Ends with one line "tests: N passed, N failed" counting every Vitest and Playwright test.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild, ensureChromium, ensureDependencies, ensureGateways, root, run, step } from './setup-lib.mjs';

const reports = join(root, 'test-results');
mkdirSync(reports, { recursive: true });
const counts = { passed: 0, failed: 0 };

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

function countVitest() {
  const report = readJson(join(reports, 'vitest.json'));
  if (!report) return;
  counts.passed += report.numPassedTests ?? 0;
  counts.failed += report.numFailedTests ?? 0;
}

function countPlaywright() {
  const report = readJson(join(reports, 'playwright.json'));
  if (!report) return;
  counts.passed += report.stats?.expected ?? 0;
  counts.failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
}

let failure = null;
try {
  ensureDependencies();
  ensureChromium();
  ensureGateways();
  step('typecheck');
  run('npx', ['tsc', '--noEmit', '-p', '.']);
  step('lint');
  run('npx', ['eslint', '--max-warnings', '0', '.']);
  step('unit and integration tests (Vitest)');
  try {
    run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`]);
  } finally {
    countVitest();
  }
  ensureBuild();
  step('end-to-end tests (Playwright, Debian chromium)');
  try {
    run('npx', ['playwright', 'test']);
  } finally {
    countPlaywright();
  }
} catch (error) {
  failure = error;
  console.error(`\nnpm test: ${error.message}`);
}
if (failure && counts.failed === 0) counts.failed = 1; // a step that is not a test (typecheck, lint, build) failed
console.log(`\ntests: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failure ? (failure.exitCode ?? 1) : 0);
