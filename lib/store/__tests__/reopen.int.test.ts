import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ingestSource } from '../../ingest/ingest-source';
import { UTC } from '../../ingest/__tests__/support/stored-incident';
import { openDuckDbStore, type DuckDbStoreOptions } from '../duckdb';
import type { Store } from '../types';

const fixtures = join(__dirname, '../../../e2e/fixtures');
// An access log, its error log (whose causes are fused into the stored tries) and another gateway's access log.
const files = [
  join(fixtures, 'corpus/nginx-media-reset-close/access.log'),
  join(fixtures, 'corpus/nginx-media-reset-close/error.log'),
  join(fixtures, 'haproxy/access.log'),
];
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A store in a file of its own, counting how often it reopened its database. */
async function fileStore(options: Partial<DuckDbStoreOptions> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'gateway-lens-reopen-'));
  folders.push(folder);
  const path = join(folder, 'gateway-lens.duckdb');
  let reopened = 0;
  const store = await openDuckDbStore({ path, onReopened: () => reopened++, ...options });
  return { store, path, reopened: () => reopened };
}

/** What the dashboard asks of an incident, by a few selections. */
async function answers(store: Store, incidentId: string) {
  const selections = [{}, { server: '127.0.0.1:18131' }, { cause: 'upstream_reset' }, { path: '/media/item/2' }];
  return Promise.all(
    selections.map(async (s) => {
      const sel = { incidentId, ...s };
      return {
        headline: await store.headline(sel),
        upstreams: await store.upstreamTables(sel),
        top: await store.topFailures({ ...sel, limit: 10 }),
        lines: (await store.requestLines({ ...sel, after: null, limit: 50 })).rows.map((r) => [r.sourceId, r.line, r.status, r.attempts.map((a) => a.cause).join()]),
        buckets: await store.serverBuckets({ ...sel, bucketMs: 1000 }),
      };
    }),
  );
}

async function storeAll(store: Store, incidentId: string) {
  for (const file of files) await ingestSource({ store, incidentId, name: basename(file), body: createReadStream(file), context: UTC });
}

describe('reopening the database after a large file is stored (real logs, real DuckDB files)', () => {
  it('answers the same as a store that never reopens, while queries run throughout every upload', async () => {
    const reopening = await fileStore({ reopenAfterLines: 1 });
    const kept = await fileStore({ reopenAfterLines: Number.POSITIVE_INFINITY });
    const incident = (await reopening.store.createIncident({ title: 'reopens' })).id;
    const keptIncident = (await kept.store.createIncident({ title: 'kept' })).id;

    // Queries asked over and over while the files are stored: none may fail, wherever a reopen falls among them.
    let storing = true;
    let asked = 0;
    const asking = (async () => {
      while (storing) {
        await Promise.all([reopening.store.headline({ incidentId: incident }), reopening.store.topFailures({ incidentId: incident, limit: 5 }), reopening.store.listSources({ incidentId: incident })]);
        asked++;
      }
    })();
    await storeAll(reopening.store, incident);
    storing = false;
    await asking;
    await storeAll(kept.store, keptIncident);

    expect(reopening.reopened()).toBe(files.length);
    expect(kept.reopened()).toBe(0);
    expect(asked).toBeGreaterThan(files.length);
    const got = await answers(reopening.store, incident);
    expect(got).toEqual(await answers(kept.store, keptIncident));
    expect(got[0]!.headline.requests).toBeGreaterThan(1000);
    expect(got[2]!.top.paths.length).toBeGreaterThan(0); // the error log's causes were fused after a reopen

    // The reopened database is the file: opened again, it answers the same.
    await reopening.store.close();
    const again = await openDuckDbStore({ path: reopening.path });
    expect(await answers(again, incident)).toEqual(got);
    await again.close();
    await kept.store.close();
  });

  it('reopens after a large file stored while another was being written, once that other one is done', async () => {
    const { store, reopened } = await fileStore({ reopenAfterLines: 1000 });
    const incidentId = (await store.createIncident({ title: 'overlap' })).id;
    // The small file (63 lines) is read from a stream held open, past the 50 lines its format is detected from, until the large one (1,788 lines) is stored.
    const [large, small] = [files[0]!, files[2]!];
    const lines = readFileSync(small, 'utf8').split(/(?<=\n)/);
    const held = new PassThrough();
    const storingSmall = ingestSource({ store, incidentId, name: basename(small), body: held, context: UTC });
    held.write(lines.slice(0, 55).join(''));
    while ((await store.listSources({ incidentId })).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));

    await ingestSource({ store, incidentId, name: basename(large), body: createReadStream(large), context: UTC });
    expect(reopened()).toBe(0); // the small file's rows are still being staged on the database's connections
    held.end(lines.slice(55).join(''));
    await storingSmall;
    expect(reopened()).toBe(1);
    const sources = await store.listSources({ incidentId });
    expect(sources.map((s) => [s.format, s.lines.total])).toEqual([
      ['haproxy_http', 63],
      ['nginx_upstream_timed', 1788],
    ]);
    // Every access line parsed is a request, whichever database each was written through.
    expect((await store.headline({ incidentId })).requests).toBe(sources[0]!.lines.parsed + sources[1]!.lines.parsed);
    await store.close();
  });

  it('does not reopen below the line count, nor a store in memory or the CLI\'s throwaway store', async () => {
    const small = await fileStore({ reopenAfterLines: 1_000_000 });
    const throwaway = await fileStore({ reopenAfterLines: 1, throwaway: true });
    let inMemoryReopened = 0;
    const inMemory = await openDuckDbStore({ path: ':memory:', reopenAfterLines: 1, onReopened: () => inMemoryReopened++ });
    for (const store of [small.store, throwaway.store, inMemory]) {
      const incidentId = (await store.createIncident({ title: 'stays' })).id;
      await storeAll(store, incidentId);
      expect((await store.headline({ incidentId })).requests).toBeGreaterThan(1000);
      await store.close();
    }
    expect([small.reopened(), throwaway.reopened(), inMemoryReopened]).toEqual([0, 0, 0]);
  });
});

/**
 * Another process that opens the database file, as a second server on the same data folder would: DuckDB lets
 * one process at a time have a file, so it holds the store out until `release`.
 */
async function anotherProcessOpens(path: string) {
  // The instance is kept referenced: collected, it would let go of the file.
  const holder = "require('@duckdb/node-api').DuckDBInstance.create(process.argv[1]).then((db) => { globalThis.held = db; console.log('open'); process.stdin.on('end', () => process.exit(0)).resume(); })";
  const child = spawn(process.execPath, ['-e', holder, path], { cwd: process.cwd(), stdio: ['pipe', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  return {
    release: async () => {
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

describe('reopening the database while another process opens its file (real DuckDB, a real second process)', () => {
  const [accessLog] = files;
  const storeAccessLog = (store: Store, incidentId: string) =>
    ingestSource({ store, incidentId, name: basename(accessLog!), body: createReadStream(accessLog!), context: UTC });

  it('says so when the store is opened while another process has the file', async () => {
    const { store, path } = await fileStore();
    await store.close();
    const held = await anotherProcessOpens(path);
    try {
      await expect(openDuckDbStore({ path })).rejects.toMatchObject({
        code: 'store_unavailable',
        message: expect.stringMatching(new RegExp(`^the database ${path} could not be opened: .*Conflicting lock.*If another process has the file open.*GATEWAY_LENS_DATA_DIR`, 's')),
      });
    } finally {
      await held.release();
    }
    await (await openDuckDbStore({ path })).close(); // once it lets go, the file opens
  });

  it('tries again until the other process lets go, the requests meanwhile waiting rather than failing', async () => {
    let other: Promise<unknown> = Promise.resolve();
    const { store, path, reopened } = await fileStore({
      reopenAfterLines: 1,
      // The other process takes the file for about 600 ms, across the first three tries (100, 250, 500 ms apart).
      onClosedForReopen: async () => {
        const held = await anotherProcessOpens(path);
        other = new Promise((resolve) => setTimeout(resolve, 600)).then(held.release);
      },
    });
    const incidentId = (await store.createIncident({ title: 'held' })).id;
    await storeAccessLog(store, incidentId);
    const asked = await answers(store, incidentId); // waits at the gate for the reopen
    await other;
    expect(reopened()).toBe(1);
    expect(asked[0]!.headline.requests).toBe(1788);
    await store.close();
    const again = await openDuckDbStore({ path });
    expect(await answers(again, incidentId)).toEqual(asked);
    await again.close();
  });

  it('when it holds on past the tries, says why on every request, and opens the database at the first request after', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const other: { held?: Awaited<ReturnType<typeof anotherProcessOpens>> } = {};
    const { store, path, reopened } = await fileStore({
      reopenAfterLines: 1,
      reopenRetryMs: [20, 20],
      onClosedForReopen: async () => {
        other.held = await anotherProcessOpens(path);
      },
    });
    try {
      const incidentId = (await store.createIncident({ title: 'lost' })).id;
      const unavailable = { code: 'store_unavailable', message: expect.stringMatching(/could not be opened: .*lock.*Each request tries again\. If another process has the file open/s) };
      // Committed, the file's causes are fused next: that waits at the gate behind the reopen, and fails with why.
      await expect(storeAccessLog(store, incidentId)).rejects.toMatchObject(unavailable);
      expect(logged).toHaveBeenCalledWith('gateway-lens: reopening the database failed:', expect.objectContaining(unavailable));
      // Each request tries once more, and fails the same way, not on a closed connection.
      await expect(store.headline({ incidentId })).rejects.toMatchObject(unavailable);
      await expect(store.listIncidents()).rejects.toMatchObject(unavailable);
      expect(reopened()).toBe(0);

      await other.held!.release();
      // The first request after opens the database; the file, committed before the reopen, is there whole.
      expect((await store.headline({ incidentId })).requests).toBe(1788);
      expect(reopened()).toBe(1);
      expect((await store.listSources({ incidentId })).map((s) => [s.state, s.lines.parsed])).toEqual([['done', 1788]]);
      expect((await store.requestLines({ incidentId, after: null, limit: 5 })).rows.map((r) => r.raw)).toEqual(
        readFileSync(accessLog!, 'utf8').split('\n').slice(0, 5),
      ); // its lines read back from the kept file
    } finally {
      logged.mockRestore();
      await other.held?.release();
      await store.close();
    }
  });
});
