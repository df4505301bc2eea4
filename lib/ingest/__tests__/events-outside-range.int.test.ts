import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb';
import { ingestSource, type TimeWindow } from '../ingest-source';

const fixtures = join(import.meta.dirname, '../../../e2e/fixtures');
const linesOf = (path: string) => readFileSync(join(fixtures, path), 'utf8').split('\n').filter((line) => line !== '');

async function ingestLines(name: string, lines: readonly string[], window: TimeWindow) {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const incidentId = (await store.createIncident({ title: name })).id;
    const result = await ingestSource({
      store, incidentId, name, body: Readable.from([Buffer.from(lines.join('\n') + '\n')]), window,
      context: { utcOffsetMinutes: 0, zoneGiven: true },
    });
    const [source] = await store.listSources({ incidentId });
    return { lines: result.lines, rejects: source!.rejects!.map(({ line, reason }) => ({ line, reason })) };
  } finally {
    await store.close();
  }
}

/**
 * A file's events far outside the range (more than 15 minutes) are set aside by their time alone, as its
 * requests are: a line cut short after its time there is counted outside, unread, while the same line near
 * the range is read whole and rejected. The cut lines are the fixtures' real lines, moved two hours later.
 */
describe('the events of a file far outside a range, set aside by their time alone (the CLI\'s --from/--to)', () => {
  it('nginx stdout (access and error lines in one file): the error lines by the error log\'s time', async () => {
    const access = linesOf('corpus/nginx-media-reset-close/access.log');
    const errors = linesOf('corpus/nginx-media-reset-close/error.log');
    // "2026/11/25 00:37:24 [erro": its time, then a level never closed.
    const cut = errors.slice(0, 20).map((line) => line.slice(0, 25));
    const later = cut.map((line) => line.replace(/^2026\/11\/25 00:/, '2026/11/25 02:'));
    const window = { from: Date.parse('2026-11-25T00:37:38.500Z'), to: Date.parse('2026-11-25T00:37:50Z') };

    const whole = await ingestLines('nginx.log', [...access, ...errors], window);
    const withLater = await ingestLines('nginx.log', [...access, ...errors, ...later], window);
    expect(whole.lines.rejected).toBe(0);
    expect(withLater.lines).toEqual({ ...whole.lines, total: whole.lines.total + 20, outside: whole.lines.outside! + 20 });

    // Within 15 minutes of the range, the same cut lines are read, and rejected with their reason.
    const near = await ingestLines('nginx.log', [...access, ...errors, ...cut], window);
    expect(near.lines).toMatchObject({ rejected: 20, outside: whole.lines.outside });
    expect(near.rejects[0]!.line).toBe(access.length + errors.length + 1);
  });

  it('Caddy: its error and reverse proxy entries by their ts, read alone', async () => {
    const log = linesOf('caddy/error.log');
    const entries = log.filter((line) => /"logger":"(http\.log\.error|http\.handlers\.reverse_proxy)/.test(line));
    // Cut after the logger: the entry's ts and logger are there, the rest is not JSON.
    const cut = entries.slice(0, 20).map((line) => line.slice(0, line.indexOf(',"msg"')));
    const later = cut.map((line) => line.replace(/"ts":([0-9.]+)/, (_, ts: string) => `"ts":${Number(ts) + 7200}`));
    const window = { from: Date.parse('2026-11-27T00:30:27.250Z'), to: Date.parse('2026-11-27T00:30:29.750Z') };

    const whole = await ingestLines('caddy.log', log, window);
    const withLater = await ingestLines('caddy.log', [...log, ...later], window);
    expect(entries.length).toBeGreaterThan(20);
    expect(withLater.lines).toEqual({ ...whole.lines, total: whole.lines.total + 20, outside: whole.lines.outside! + 20 });
    expect(withLater.rejects).toEqual(whole.rejects); // Caddy's startup entries, read whole as before

    const near = await ingestLines('caddy.log', [...log, ...cut], window);
    expect(near.lines).toMatchObject({ rejected: whole.lines.rejected + 20, outside: whole.lines.outside });
  });
});
