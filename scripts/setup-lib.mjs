// Shared steps of the two README commands: install what is missing, build when the sources changed.
// Plain Node, no dependencies: they run on a fresh clone before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;
export const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

export function step(title) {
  console.log(`\n== ${title}`);
}

/** Runs a command in the project root with inherited output; throws with its name on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...env, ...options.env } });
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/** npm ci when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const installed = join(root, 'node_modules/.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  step('installing npm packages');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];
const BUILD_STAMP = '.next/gateway-lens-build-hash';

function hashTree(hash, path) {
  if (!existsSync(path)) return;
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === '__tests__') continue;
      hash.update(name);
      hashTree(hash, join(path, name));
    }
  } else {
    hash.update(readFileSync(path));
  }
}

/** next build unless the last build was made from exactly these sources. */
export function ensureBuild() {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) hashTree(hash, join(root, input));
  const digest = hash.digest('hex');
  const stamp = join(root, BUILD_STAMP);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest && existsSync(join(root, '.next/BUILD_ID'))) return;
  step('building the app');
  run('npx', ['next', 'build']);
  writeFileSync(stamp, digest);
}

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's chromium for the browser tests; Playwright's own browser download cannot work offline. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  step('installing Debian chromium');
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const apt = (...args) => run(sudo.length ? 'sudo' : 'apt-get', sudo.length ? ['apt-get', ...args] : args, { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update');
  apt('install', '-y', '--no-install-recommends', 'chromium');
}

/**
 * Debian's nginx, HAProxy and Caddy for the real-gateway tests (e2e/real-gateways), when any is missing. Their
 * packages try to start a system service, which may fail where there is no init (a container): that does not
 * matter, the tests run each gateway in the foreground themselves, so only the commands are checked after.
 */
export function ensureGateways() {
  // nginx and haproxy live in /usr/sbin, which is not on a user's PATH on Debian.
  const PATH = `${process.env.PATH}:/usr/local/sbin:/usr/sbin:/sbin`;
  const installed = (name) => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore', env: { ...process.env, PATH } }).status === 0;
  const missing = ['nginx', 'haproxy', 'caddy'].filter((name) => !installed(name));
  if (missing.length === 0) return;
  step(`installing Debian ${missing.join(', ')}`);
  const sudo = process.getuid && process.getuid() !== 0 ? ['sudo'] : [];
  const apt = (...args) => run(sudo.length ? 'sudo' : 'apt-get', sudo.length ? ['apt-get', ...args] : args, { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  apt('update');
  try {
    apt('install', '-y', '--no-install-recommends', ...missing);
  } catch (error) {
    const still = missing.filter((name) => !installed(name));
    if (still.length) throw error;
    console.log(`(apt-get reported an error, most likely a service that could not start; ${missing.join(', ')} installed)`);
  }
}

export function commandExists(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
