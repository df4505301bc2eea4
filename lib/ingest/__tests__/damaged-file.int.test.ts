import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { damagedAccessLog } from '../../../e2e/fixtures/damaged-log';
import { openDuckDbStore } from '../../store/duckdb';
import { ingestSource } from '../ingest-source';

describe('a deliberately damaged real log', () => {
  it('is read with every damaged line counted and kept with its line number and reason, and the rest parsed', async () => {
    const damaged = damagedAccessLog();
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'damaged' })).id;
      async function* body() {
        // Small chunks, so damaged lines straddle chunk borders.
        for (let i = 0; i < damaged.bytes.length; i += 4093) yield damaged.bytes.subarray(i, i + 4093);
      }
      const result = await ingestSource({ store, incidentId, name: 'damaged.log', body: body() });
      expect(result.lines).toEqual({ total: damaged.lines, parsed: damaged.lines - 5, rejected: 5, foreign: 0, joined: 0, outside: 0 });
      const [source] = await store.listSources({ incidentId });
      expect(source?.rejects?.map(({ line, reason }) => ({ line, reason }))).toEqual(damaged.rejects);
      expect(source?.rejects?.[0]?.text).toBe('127.0.0.1 - - [25/Nov/2026:00:');
      expect(source?.rejects?.[1]?.text).toBe('\uFFFD\uFFFD\u0000AB');
    } finally {
      await store.close();
    }
  });
});

describe('a damaged real log read for a time range (the CLI\'s --from)', () => {
  it('counts the requests outside by their time alone, unread: a line damaged after its time is outside, not rejected', async () => {
    const damaged = damagedAccessLog();
    const store = await openDuckDbStore({ path: ':memory:' });
    try {
      const incidentId = (await store.createIncident({ title: 'damaged, from 00:35' })).id;
      const window = { from: Date.parse('2026-11-25T00:35:00Z') };
      const result = await ingestSource({ store, incidentId, name: 'damaged.log', body: Readable.from([damaged.bytes]), window });
      // Lines 1-522 are of 00:34; of the damaged ones, only line 40 (its status) has a time to read.
      expect(result.lines).toEqual({ total: damaged.lines, parsed: damaged.lines - 522, rejected: 4, foreign: 0, joined: 0, outside: 518 });
      const [source] = await store.listSources({ incidentId });
      expect(source?.rejects?.map(({ line }) => line)).toEqual([5, 10, 20, 30]);
      expect(source?.from).toBe('2026-11-25T00:34:42.000Z'); // the file's first line, outside the range
      expect((await store.headline({ incidentId })).requests).toBe(damaged.lines - 522);
    } finally {
      await store.close();
    }
  });
});

describe('a real gzip log cut short or damaged', () => {
  const log = readFileSync(join(import.meta.dirname, '../../../e2e/fixtures/corpus/nginx-checkout-refused/access.log'));
  const gzip = gzipSync(log);

  async function ingestInto(bytes: Buffer, name: string) {
    const store = await openDuckDbStore({ path: ':memory:' });
    const incidentId = (await store.createIncident({ title: name })).id;
    const ingest = ingestSource({ store, incidentId, name, body: Readable.from([bytes]) });
    return { store, incidentId, ingest };
  }

  it('keeps every line before the cut, rejects the cut line with its reason and notes where the data ended', async () => {
    const cut = gzip.subarray(0, Math.floor(gzip.length / 2));
    const { store, incidentId, ingest } = await ingestInto(cut, 'access.log.1.gz');
    try {
      const result = await ingest;
      const whole = log.toString('utf8').split('\n');
      expect(result.lines.rejected).toBe(1);
      expect(result.lines.parsed).toBe(result.lines.total - 1);
      expect(result.lines.total).toBeGreaterThan(100);
      expect(result.lines.total).toBeLessThan(whole.length - 1);
      const [source] = await store.listSources({ incidentId });
      const reject = source?.rejects?.[0];
      expect(reject).toMatchObject({ line: result.lines.total, reason: 'the gzip data ends in the middle of this line (the file was cut short)' });
      expect(whole[result.lines.total - 1]!.startsWith(reject!.text)).toBe(true);
      expect(source?.notes).toContain(`the gzip data ends early, after ${cut.length} bytes`);
      const lines = await store.requestLines({ incidentId, after: null, limit: 1 });
      expect(lines.total).toBe(result.lines.parsed);
    } finally {
      await store.close();
    }
  });

  it('stores nothing of damaged gzip data and says which file and why', async () => {
    const damaged = Buffer.from(gzip);
    damaged.fill(0, 2000, 2040);
    const { store, incidentId, ingest } = await ingestInto(damaged, 'access.log.2.gz');
    try {
      await expect(ingest).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/^access\.log\.2\.gz: its gzip data is damaged/) });
      const [source] = await store.listSources({ incidentId });
      expect(source?.state).toBe('failed');
      expect((await store.requestLines({ incidentId, after: null, limit: 1 })).total).toBe(0);
    } finally {
      await store.close();
    }
  });
});
