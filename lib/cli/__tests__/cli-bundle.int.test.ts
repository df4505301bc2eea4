import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const log = join(root, 'e2e/fixtures/corpus/nginx-media-reset-close/access.log');
const cache = mkdtempSync(join(tmpdir(), 'gateway-lens-cli-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** The real CLI's analysis of a corpus log, run with its bundle kept in `cacheDir`. */
const analyze = (cacheDir: string) =>
  execFileSync(process.execPath, [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', log], {
    env: { ...process.env, GATEWAY_LENS_CLI_CACHE: cacheDir },
  }).toString();
const bundleTime = () => statSync(join(cache, 'cli.cjs')).mtimeMs;

describe('the CLI bundled from its sources (bin/cli-bundle.mjs)', () => {
  // Where no bundle can be kept (the folder is under a file), the sources run through tsx: the answer to match.
  const fromSources = analyze('/etc/hostname/cache');

  it('is built on first use, kept, and answers as the sources do', () => {
    expect(JSON.parse(fromSources).upstreams.length).toBeGreaterThan(0);
    expect(analyze(cache)).toBe(fromSources);
    const built = bundleTime();
    expect(analyze(cache)).toBe(fromSources);
    expect(bundleTime()).toBe(built); // the second run used it as it was
  });

  it('is built again once a file it was built from changed', () => {
    const manifest = join(cache, 'cli.json');
    const kept = JSON.parse(readFileSync(manifest, 'utf8')) as { inputs: [string, string][] };
    const main = kept.inputs.find(([path]) => path === 'lib/cli/main.ts')!;
    expect(main).toBeDefined();
    // The manifest recorded other content for main.ts (same size, same time): as if the file changed after the bundle was built.
    writeFileSync(manifest, JSON.stringify({ ...kept, inputs: kept.inputs.map((input) => (input === main ? [main[0], 'a digest of other content'] : input)) }));
    const before = bundleTime();
    expect(analyze(cache)).toBe(fromSources);
    expect(bundleTime()).toBeGreaterThan(before);
    expect(JSON.parse(readFileSync(manifest, 'utf8'))).toEqual(kept); // stamped anew from the files as they are
  });
});
