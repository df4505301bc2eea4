import type { SeriesPoint } from '@/lib/analysis/schema';

export interface ChartSeries {
  key: string;
  label: string;
  total502: number;
  attempts: number;
}

export type ChartRow = { t: number } & Record<string, number | null>;

export const seriesKey = (p: { pool: string | null; server: string | null }) => `${p.pool ?? '-'} ${p.server ?? '(no upstream)'}`;

/**
 * Turns the API's long rows (one per bucket and server) into one row per bucket with a 502 rate per
 * server, null where the server had no attempts in that bucket (a gap, not a zero).
 */
export function pivotRates(points: readonly SeriesPoint[]): { rows: ChartRow[]; series: ChartSeries[] } {
  const byTime = new Map<number, ChartRow>();
  const series = new Map<string, ChartSeries>();
  for (const point of points) {
    const key = seriesKey(point);
    const entry = series.get(key) ?? { key, label: key, total502: 0, attempts: 0 };
    entry.total502 += point.s502;
    entry.attempts += point.attempts;
    series.set(key, entry);
    const row = byTime.get(point.t) ?? ({ t: point.t } as ChartRow);
    row[key] = point.attempts === 0 ? null : (100 * point.s502) / point.attempts;
    byTime.set(point.t, row);
  }
  const ordered = [...series.values()].sort((a, b) => b.total502 - a.total502 || a.key.localeCompare(b.key));
  return { rows: [...byTime.values()].sort((a, b) => a.t - b.t), series: ordered };
}
