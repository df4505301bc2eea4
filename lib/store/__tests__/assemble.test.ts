import { describe, expect, it } from 'vitest';
import { assembleUpstreamTables, serverBucketsOf, type UpstreamGroupRow } from '../assemble';

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

describe('serverBucketsOf', () => {
  const row = (t: number, server: string | null, cause: string | null, n: number, hidden = 0, cut = 0) => ({ t, server, pool: server === null ? 'api' : null, cause, n, hidden, cut });

  it('adds a bucket\'s rows up: attempts that did not fail count in n only, failed ones per cause, most first and then by name', () => {
    const buckets = serverBucketsOf([
      row(0, 'a:1', null, 7), row(0, 'a:1', 'upstream_reset', 2, 2, 1), row(0, 'a:1', 'upstream_refused', 2), row(0, 'a:1', 'upstream_timeout', 3),
      row(1000, 'a:1', null, 5),
      row(0, null, 'no_healthy_upstream', 4),
    ]);
    expect(buckets).toEqual([
      {
        t: 0, server: 'a:1', pool: null, n: 14, failed: 7, cause: 'upstream_timeout', causes: [
          { cause: 'upstream_timeout', failed: 3, hidden: 0, cut: 0 },
          { cause: 'upstream_refused', failed: 2, hidden: 0, cut: 0 },
          { cause: 'upstream_reset', failed: 2, hidden: 2, cut: 1 },
        ],
      },
      { t: 1000, server: 'a:1', pool: null, n: 5, failed: 0, cause: null, causes: [] },
      { t: 0, server: null, pool: 'api', n: 4, failed: 4, cause: 'no_healthy_upstream', causes: [{ cause: 'no_healthy_upstream', failed: 4, hidden: 0, cut: 0 }] },
    ]);
  });
});
