// README command 1: install what is missing, build, seed the demo incident, start on http://127.0.0.1:3000.
import { ensureBuild, ensureDependencies, root, run, step } from './setup-lib.mjs';
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3000';
const host = process.env.HOST ?? '127.0.0.1';

try {
  ensureDependencies();
  ensureBuild();
  step('seeding the demo incident');
  run('npx', ['tsx', 'scripts/seed-demo.ts']);
  step(`starting Gateway Lens on http://${host}:${port}`);
  const server = spawn('npx', ['next', 'start', '-H', host, '-p', port], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));
} catch (error) {
  console.error(`\nnpm run up: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
