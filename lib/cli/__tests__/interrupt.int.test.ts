import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'gateway-lens-interrupt-'));
// A log long enough to be stopped half-way: the bench's generator, 300,000 lines of nginx with upstream fields.
const log = join(work, 'access.log');
execFileSync(process.execPath, [join(root, 'scripts/bench/generate-log.mjs'), '300000', log]);

/** Runs the real CLI with its scratch folder in a folder of its own, stops it once its store exists, and says how it ended. */
async function stopHalfWay(signal: NodeJS.Signals) {
  const scratch = mkdtempSync(join(work, 'scratch-'));
  const cli = spawn(process.execPath, [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', log], {
    env: { ...process.env, TMPDIR: scratch },
    stdio: 'ignore',
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    cli.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // Its store is there once the folder holds the database: the run is reading the log.
  const started = Date.now();
  const storeMade = () => readdirSync(scratch).some((name) => name.startsWith('gateway-lens-cli-') && readdirSync(join(scratch, name)).includes('analysis.duckdb'));
  while (!storeMade()) {
    if (Date.now() - started > 20_000) throw new Error('the CLI made no store within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  cli.kill(signal);
  // tsx keeps its compile cache there too (tsx-0): only the CLI's own folders count.
  return { ...(await ended), left: readdirSync(scratch).filter((name) => name.startsWith('gateway-lens-cli-')) };
}

describe('gateway-lens analyze stopped half-way (the real CLI, a real signal)', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('removes its throwaway store on Ctrl-C and ends with 130', async () => {
    expect(await stopHalfWay('SIGINT')).toEqual({ code: 130, signal: null, left: [] });
  });

  it('does the same when killed (SIGTERM: 143)', async () => {
    expect(await stopHalfWay('SIGTERM')).toEqual({ code: 143, signal: null, left: [] });
  });
});
