import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'gateway-lens-interrupt-'));
// Real lines to start the log with: the bench's generator, nginx with upstream fields.
const sample = join(work, 'sample.log');
execFileSync(process.execPath, [join(root, 'scripts/bench/generate-log.mjs'), '2000', sample]);

/**
 * Runs the real CLI on a named pipe that is given some lines and never closed, as `tail -f` would feed it: the
 * run is surely still reading when it is stopped, however fast the machine. Stops it once its store exists and
 * says how it ended.
 */
async function stopHalfWay(signal: NodeJS.Signals) {
  const scratch = mkdtempSync(join(work, 'scratch-'));
  const log = join(scratch, 'access.log');
  execFileSync('mkfifo', [log]);
  const cli = spawn(process.execPath, [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', log], {
    env: { ...process.env, TMPDIR: scratch },
    stdio: 'ignore',
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    cli.once('exit', (code, signal) => resolve({ code, signal }));
  });
  // Opening the pipe waits for its reader: the stream does that off the main thread.
  const feed = createWriteStream(log);
  feed.on('error', () => {}); // the pipe breaks when the CLI ends
  feed.write(readFileSync(sample));
  // Its store is there once the folder holds the database: the run is reading the pipe.
  const started = Date.now();
  const storeMade = () => readdirSync(scratch).some((name) => name.startsWith('gateway-lens-cli-') && readdirSync(join(scratch, name)).includes('analysis.duckdb'));
  while (!storeMade()) {
    if (Date.now() - started > 20_000) throw new Error('the CLI made no store within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  cli.kill(signal);
  const end = await ended;
  feed.destroy();
  // tsx keeps its compile cache there too (tsx-0): only the CLI's own folders count.
  return { ...end, left: readdirSync(scratch).filter((name) => name.startsWith('gateway-lens-cli-')) };
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
