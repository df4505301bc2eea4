// The CLI as one CommonJS file, bundled from its TypeScript sources by esbuild (the compiler tsx itself uses) and
// kept until one of those sources changes. Through tsx's loader the CLI spent about 0.3 s compiling and loading
// some 200 modules before it read a line (`--help`: 0.37-0.46 s, against 0.12 s bundled).
// CommonJS, not ESM: an ESM bundle hoists the import of DuckDB's native package above every bundled module, so
// DuckDB would load before lib/store/duckdb-allocator.ts has set its allocator's options.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Changed when the bundle's options change, so that one built with the old ones is not used. */
const RECIPE = 'cjs-node20-external-duckdb-3';

/**
 * The path of a bundle of `entry` (relative to `root`) that is up to date with every file it was built from, built
 * anew in `cacheDir` when one of them changed; null where esbuild or the folder is not available, for the caller to
 * run the sources another way. `built` says whether this call built it.
 */
export async function freshBundle({ root, entry, cacheDir, name }) {
  const bundle = join(cacheDir, `${name}.cjs`);
  const manifest = join(cacheDir, `${name}.json`);
  if (upToDate(root, manifest)) return { bundle, built: false };
  let esbuild = null;
  try {
    esbuild = await import('esbuild');
    // DuckDB's package, native, stays out of the bundle and is required by its path: the bundle may be kept
    // outside the project (GATEWAY_LENS_CLI_CACHE), where the package's name would not be found.
    const duckdb = createRequire(join(root, 'package.json')).resolve('@duckdb/node-api');
    const started = Date.now();
    const result = await esbuild.build({
      absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
      metafile: true, write: false, logLevel: 'silent',
      plugins: [{ name: 'duckdb-by-path', setup: (build) => build.onResolve({ filter: /^@duckdb\/node-api$/ }, () => ({ path: duckdb, external: true })) }],
    });
    mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: two CLIs started at once each build, and neither reads the other's half-written file.
    const own = `.${process.pid}`;
    writeFileSync(bundle + own, result.outputFiles[0].contents);
    renameSync(bundle + own, bundle);
    const inputs = Object.keys(result.metafile.inputs).map((path) => [path, digest(join(root, path))]);
    // A source saved while esbuild read it (or while it was hashed, hence after) may not be in the bundle: no
    // manifest, so the next run builds again.
    if (inputs.some(([path]) => statSync(join(root, path)).mtimeMs >= started)) return { bundle, built: true };
    writeFileSync(manifest + own, JSON.stringify({ recipe: RECIPE, root, inputs }));
    renameSync(manifest + own, manifest);
    return { bundle, built: true };
  } catch {
    return null;
  } finally {
    await esbuild?.stop(); // its service process, left running, would outlive the CLI
  }
}

/**
 * Whether the bundle was built with these options from files whose content has not changed since. By content, not
 * by time and size: an edit that keeps a file's size and its time (a copy with its time kept, a checkout that
 * restores an older time) would otherwise run a stale bundle. Hashing its ~200 inputs (1.3 MB) takes about 4 ms.
 */
function upToDate(root, manifest) {
  try {
    const { recipe, root: builtIn, inputs } = JSON.parse(readFileSync(manifest, 'utf8'));
    return recipe === RECIPE && builtIn === root && inputs.every(([path, hash]) => digest(join(root, path)) === hash);
  } catch {
    return false;
  }
}

const digest = (path) => createHash('sha1').update(readFileSync(path)).digest('base64');
