import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckDbStore } from '../../store/duckdb';
import { EVENTS_AROUND_RANGE_MS, ingestSource, type TimeWindow } from '../ingest-source';

const errorLog = join(__dirname, '../../../e2e/fixtures/corpus/nginx-api-single-server/error.log');
/** The times of the real error log's lines, from their text: 310 lines from 00:36:18 to 00:37:02 UTC. */
const times = readFileSync(errorLog, 'utf8').trimEnd().split('\n').map((l) => Date.parse(`${l.slice(0, 10).replaceAll('/', '-')}T${l.slice(11, 19)}Z`));

async function readErrorLog(window: TimeWindow) {
  const store = await openDuckDbStore({ path: ':memory:' });
  try {
    const incidentId = (await store.createIncident({ title: 'error log, a range' })).id;
    const context = { utcOffsetMinutes: 0, zoneGiven: true };
    const result = await ingestSource({ store, incidentId, name: 'error.log', body: createReadStream(errorLog), context, window });
    return { lines: result.lines, stored: (await store.eventLines({ incidentId, after: null, limit: 1 })).total };
  } finally {
    await store.close();
  }
}

describe('an error log read for a time range (the CLI\'s --from/--to; real nginx lines, real DuckDB)', () => {
  it(`keeps the events up to ${EVENTS_AROUND_RANGE_MS / 60_000} minutes around the range, and counts the others outside`, async () => {
    const at = (hms: string) => Date.parse(`2026-11-25T${hms}Z`);
    // Fifteen minutes after 00:37:00 and before 00:36:30: only the lines from 00:37:00 on, or before 00:36:30, are kept.
    for (const [window, kept] of [
      [{ from: at('00:52:00') }, times.filter((t) => t >= at('00:37:00')).length],
      [{ to: at('00:21:30') }, times.filter((t) => t < at('00:36:30')).length],
    ] as const) {
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(times.length);
      expect(await readErrorLog(window)).toEqual({
        lines: { total: times.length, parsed: kept, rejected: 0, foreign: 0, joined: 0, outside: times.length - kept },
        stored: kept,
      });
    }
  });
});
