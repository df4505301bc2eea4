#!/usr/bin/env node
// Runs the TypeScript CLI in lib/cli, so the CLI and the server share one source: as a bundle of it, rebuilt when
// a source changes (cli-bundle.mjs), or where that cannot be built or kept, through tsx's loader.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBundle } from './cli-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = process.env.GATEWAY_LENS_CLI_CACHE || join(root, 'node_modules/.cache/gateway-lens');
const bundled = await freshBundle({ root, entry: 'lib/cli/main.ts', cacheDir, name: 'cli' });
const { main } = bundled ? createRequire(import.meta.url)(bundled.bundle) : await viaTsx();
process.exitCode = await main(process.argv.slice(2));

async function viaTsx() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../lib/cli/main.ts');
}
