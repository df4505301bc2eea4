import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '../../..');
const log = join(root, 'e2e/fixtures/corpus/nginx-checkout-refused/access.log');

/** What DuckDB's jemalloc says of its options: it prints them as JSON on stderr at exit when asked to. */
async function allocatorOptions(given: string): Promise<{ env_var: string; narenas: number }> {
  const { stderr } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', log], {
    env: { ...process.env, DUCKDB_JE_MALLOC_CONF: given },
    maxBuffer: 16 * 1024 * 1024,
  });
  const at = stderr.indexOf('{"jemalloc"');
  expect(at, 'jemalloc printed its statistics').toBeGreaterThanOrEqual(0);
  return JSON.parse(stderr.slice(at)).jemalloc.opt;
}

describe('DuckDB allocator (a real CLI run, its jemalloc asked for its options)', () => {
  it('gives DuckDB one allocator arena, after the store is loaded by the CLI, and keeps options the environment gives', async () => {
    const opt = await allocatorOptions('stats_print:true,stats_print_opts:J');
    expect(opt.env_var).toBe('narenas:1,stats_print:true,stats_print_opts:J');
    expect(opt.narenas).toBe(1);
  });

  it('lets an option the environment gives win over its own', async () => {
    const opt = await allocatorOptions('stats_print:true,stats_print_opts:J,narenas:2');
    expect(opt.narenas).toBe(2);
  });
});
