import { describe, expect, it } from 'vitest';
import { assembleUpstreamTables, type UpstreamGroupRow } from '../assemble';

const group = (status: string, cause: string | null, n: number): UpstreamGroupRow => ({
  pool: 'api', server: '127.0.0.1:18111', status, outcome: status, cause, failed: cause !== null, succeeded: false, n, first: 1000, last: 2000,
});

describe('assembleUpstreamTables', () => {
  it('lists causes most first and statuses in one order, whatever order the database grouped them in', () => {
    const rows = [group('009', 'upstream_reset', 1), group('502', 'upstream_refused', 149), group('200', null, 119), group('-', 'invalid_response', 149)];
    const [asGrouped, reversed] = [rows, [...rows].reverse()].map((groups) => assembleUpstreamTables({ pools: [], groups, latency: [] }).upstreams[0]!);
    for (const upstream of [asGrouped!, reversed!]) {
      expect(Object.entries(upstream.causes)).toEqual([['invalid_response', 149], ['upstream_refused', 149], ['upstream_reset', 1]]);
      expect(upstream.failed).toBe(299);
    }
    // JavaScript lists whole-number keys first whatever is done: the same order from either grouping is what counts.
    expect(Object.keys(reversed!.statuses)).toEqual(Object.keys(asGrouped!.statuses));
    expect(Object.keys(reversed!.outcomes)).toEqual(Object.keys(asGrouped!.outcomes));
  });
});
