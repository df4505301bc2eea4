import type { LatencyPoint, SeriesPoint } from '@/lib/analysis/schema';

export type ChartRow = { t: number } & Record<string, number | null>;

export interface ChartLine {
  key: string;
  label: string;
  /** A CSS colour, usually a variable. */
  colour: string;
  dashed?: boolean;
  /** Sum over the chart, for the text twin and the legend order. */
  total: number;
}

export type Metric = 'rate' | 'count';

const SERIES_COLOURS = 8;
export const seriesColour = (i: number) => `var(--series-${(i % SERIES_COLOURS) + 1})`;

/**
 * 499 (client gave up), 503 and 504 mean different things from 502: drawn apart, dashed, over the whole
 * selection; so are the requests the gateway tried more than once (per pool only: attempts carry no try number).
 */
const OTHER_STATUSES = [
  { field: 's504', label: '504 (all)', colour: 'var(--warn)' },
  { field: 's503', label: '503 (all)', colour: 'var(--muted)' },
  { field: 's499', label: '499 (all)', colour: 'var(--accent)' },
  { field: 'retried', label: 'retried (all)', colour: 'var(--series-6)' },
] as const;
type OtherField = (typeof OTHER_STATUSES)[number]['field'];

/** Whether a chart line is one of the whole-selection lines rather than a pool's or a server's 502s. */
export const isSelectionLine = (key: string) => OTHER_STATUSES.some((o) => o.field === key);

const value = (part: number, whole: number, metric: Metric) => (metric === 'count' ? part : whole === 0 ? null : (100 * part) / whole);

/**
 * Turns the API's long rows (one per bucket and series) into one row per bucket: the 502s of each pool or
 * server, and 499/503/504 over the whole selection. A rate is null where there was no traffic (a gap,
 * not a zero).
 */
export function pivotStatusSeries(points: readonly SeriesPoint[], metric: Metric): { rows: ChartRow[]; lines: ChartLine[] } {
  const noOthers = (): Record<OtherField, number> => ({ s499: 0, s503: 0, s504: 0, retried: 0 });
  const byTime = new Map<number, { row: ChartRow; n: number; counts: Record<OtherField, number> }>();
  const totals = new Map<string, number>();
  const others = noOthers();
  for (const p of points) {
    const bucket = byTime.get(p.t) ?? { row: { t: p.t } as ChartRow, n: 0, counts: noOthers() };
    bucket.row[p.key] = value(p.s502, p.n, metric);
    bucket.n += p.n;
    for (const { field } of OTHER_STATUSES) {
      const n = p[field] ?? 0;
      bucket.counts[field] += n;
      others[field] += n;
    }
    byTime.set(p.t, bucket);
    totals.set(p.key, (totals.get(p.key) ?? 0) + p.s502);
  }
  const rows = [...byTime.values()]
    .sort((a, b) => a.row.t - b.row.t)
    .map(({ row, n, counts }) => {
      for (const { field } of OTHER_STATUSES) row[field] = value(counts[field], n, metric);
      return row;
    });
  const keys = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines: ChartLine[] = keys.map(([key, total], i) => ({ key, label: `${key === '-' ? '(none)' : key} 502`, colour: seriesColour(i), total }));
  for (const other of OTHER_STATUSES) {
    if (others[other.field] > 0) lines.push({ key: other.field, label: other.label, colour: other.colour, dashed: true, total: others[other.field] });
  }
  return { rows, lines };
}

/** Failed attempts per cause per bucket, for the stacked cause chart; buckets without failures are zeros. */
export function pivotCauses(points: readonly SeriesPoint[], bucketMs: number): { rows: ChartRow[]; lines: ChartLine[] } {
  const byTime = bucketRows(points, bucketMs);
  for (const p of points) {
    const row = byTime.get(p.t) ?? ({ t: p.t } as ChartRow);
    row[p.key] = p.n;
    byTime.set(p.t, row);
  }
  const keys = busiestFirst(points);
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  for (const row of rows) for (const [key] of keys) row[key] ??= 0;
  return { rows, lines: keys.map(([key, total], i) => ({ key, label: key.replaceAll('_', ' '), colour: seriesColour(i), total })) };
}

/** An empty row for every bucket from the first point's to the last's (at most 5000): a missing bucket is a gap, not nothing. */
function bucketRows(points: readonly { t: number }[], bucketMs: number): Map<number, ChartRow> {
  const rows = new Map<number, ChartRow>();
  if (points.length === 0) return rows;
  const times = points.map((p) => p.t);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  for (let t = first; t <= last && rows.size < 5000; t += bucketMs) rows.set(t, { t } as ChartRow);
  return rows;
}

/** Each key with its points' `n` summed, the busiest first (names break ties, so the order is stable). */
function busiestFirst(points: readonly { key: string; n: number }[]): [string, number][] {
  const totals = new Map<string, number>();
  for (const p of points) totals.set(p.key, (totals.get(p.key) ?? 0) + p.n);
  return [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const PERCENTILES = [
  { key: 'p50', label: 'p50', colour: 'var(--good)' },
  { key: 'p95', label: 'p95', colour: 'var(--warn)' },
  { key: 'p99', label: 'p99', colour: 'var(--bad)' },
] as const;

/**
 * One row per bucket from the first to the last, null where no attempt logged a time: a gap in the line,
 * not a fall to zero. The selection as a whole draws p50/p95/p99; per server, each server's p95, the
 * busiest first. The lines' totals are the attempts behind them.
 */
export function pivotLatency(points: readonly LatencyPoint[], bucketMs: number, by: 'all' | 'server' = 'all'): { rows: ChartRow[]; lines: ChartLine[] } {
  const rows = bucketRows(points, bucketMs);
  const keys = busiestFirst(points);
  const fields = by === 'all' ? PERCENTILES.map((p) => p.key) : keys.map(([key]) => key);
  for (const row of rows.values()) for (const field of fields) row[field] = null;
  for (const p of points) {
    const row = rows.get(p.t);
    if (!row) continue;
    if (by === 'all') Object.assign(row, { p50: p.p50, p95: p.p95, p99: p.p99 });
    else row[p.key] = p.p95;
  }
  const attempts = points.reduce((sum, p) => sum + p.n, 0);
  const lines: ChartLine[] = by === 'all'
    ? PERCENTILES.map((line) => ({ ...line, total: attempts }))
    : keys.map(([key, total], i) => ({ key, label: `${key === '-' ? '(no upstream)' : key} p95`, colour: seriesColour(i), total }));
  return { rows: [...rows.values()], lines };
}
