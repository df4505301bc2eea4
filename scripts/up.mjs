// README command 1: install what is missing, build, seed the demo incident, start on http://127.0.0.1:3000.
import { ensureBuild, ensureDependencies, root, run, step } from './setup-lib.mjs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';

try {
  ensureDependencies();
  ensureBuild();
  step('seeding the demo incident');
  run('npx', ['tsx', 'scripts/seed-demo.ts']);
  step(`starting Gateway Lens on http://${host}:${port}`);
  // Next's own entry, not npx: a signal sent to this script then reaches the server itself.
  const next = join(root, 'node_modules/next/dist/bin/next');
  const server = spawn(process.execPath, [next, 'start', '-H', host, '-p', port], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
} catch (error) {
  console.error(`\nnpm run up: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
