import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '@/lib/analysis/schema';
import { isSelectionLine, pivotLatency, pivotStatusSeries } from '../pivot-series';

const point = (t: number, key: string, n: number, s502: number, retried?: number): SeriesPoint => ({
  t, key, n, failed: s502, s502, s499: 0, s503: 0, s504: 0, ...(retried !== undefined && { retried }),
});

describe('pivotStatusSeries', () => {
  it('draws the retried requests of the whole selection beside the 502s of each pool, as a rate or a count', () => {
    const points = [point(0, 'search', 10, 5, 2), point(0, 'api', 30, 0, 6), point(1000, 'search', 10, 0, 0), point(1000, 'api', 10, 1, 1)];
    const rate = pivotStatusSeries(points, 'rate');
    expect(rate.lines.map((l) => [l.key, l.label, l.total])).toEqual([['search', 'search 502', 5], ['api', 'api 502', 1], ['retried', 'retried (all)', 9]]);
    expect(rate.rows.map((r) => r.retried)).toEqual([20, 5]);
    expect(pivotStatusSeries(points, 'count').rows.map((r) => [r.search, r.api, r.retried])).toEqual([[5, 0, 8], [0, 1, 1]]);
  });

  it('draws no retried line where nothing was retried or the series is per server (no try numbers there)', () => {
    expect(pivotStatusSeries([point(0, 'api', 5, 1, 0)], 'rate').lines.map((l) => l.key)).toEqual(['api']);
    expect(pivotStatusSeries([point(0, '127.0.0.1:8080', 5, 1)], 'rate').lines.map((l) => l.key)).toEqual(['127.0.0.1:8080']);
  });

  it('tells a whole-selection line from a pool or server whatever their names start with', () => {
    expect(['s502', 's504', 's499', 's503', 'retried'].map(isSelectionLine)).toEqual([false, true, true, true, true]);
    expect(['search', 'static', 'api', '127.0.0.1:18111'].some(isSelectionLine)).toBe(false);
  });
});

describe('pivotLatency', () => {
  it('leaves a gap where no attempt logged a time, rather than a fall to zero', () => {
    const { rows, lines } = pivotLatency([{ key: 'all', t: 0, n: 3, p50: 1, p95: 2, p99: 3 }, { key: 'all', t: 2000, n: 1, p50: 4, p95: 5, p99: 6 }], 1000);
    expect(rows).toEqual([{ t: 0, p50: 1, p95: 2, p99: 3 }, { t: 1000, p50: null, p95: null, p99: null }, { t: 2000, p50: 4, p95: 5, p99: 6 }]);
    expect(lines.map((l) => [l.key, l.total])).toEqual([['p50', 4], ['p95', 4], ['p99', 4]]);
    expect(pivotLatency([], 1000).rows).toEqual([]);
  });

  it('per server, draws each server\'s p95, the busiest first, with a gap where a server logged no time', () => {
    const point = (key: string, t: number, n: number, p95: number) => ({ key, t, n, p50: 0, p95, p99: 0 });
    const { rows, lines } = pivotLatency([point('10.0.0.1:80', 0, 5, 12), point('10.0.0.2:80', 0, 9, 30), point('10.0.0.2:80', 1000, 9, 31)], 1000, 'server');
    expect(lines.map((l) => [l.key, l.label, l.total])).toEqual([['10.0.0.2:80', '10.0.0.2:80 p95', 18], ['10.0.0.1:80', '10.0.0.1:80 p95', 5]]);
    expect(rows).toEqual([{ t: 0, '10.0.0.1:80': 12, '10.0.0.2:80': 30 }, { t: 1000, '10.0.0.1:80': null, '10.0.0.2:80': 31 }]);
  });
});
