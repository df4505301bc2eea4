'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartRow, ChartSeries } from './pivot-series';
import { formatCount, formatUtc } from '../ui/format';

const COLOURS = 8;
const colour = (i: number) => `var(--series-${(i % COLOURS) + 1})`;
const timeTick = (t: number) => new Date(t).toISOString().slice(11, 19);

/** 502 rate (%) per upstream server over time; draws the rows it is given and never fetches. */
export function RateChart({ rows, series, bucketMs }: { rows: ChartRow[]; series: ChartSeries[]; bucketMs: number }) {
  return (
    <figure data-testid="rate-chart" className="rounded-lg border border-border bg-panel p-3">
      <figcaption className="mb-2 flex items-baseline justify-between text-sm">
        <span className="font-medium">502 rate per upstream server</span>
        <span className="text-muted">{bucketMs / 1000} s buckets, UTC</span>
      </figcaption>
      <div className="h-72">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={timeTick} stroke="var(--muted)" fontSize={12} />
            <YAxis unit="%" domain={[0, 100]} stroke="var(--muted)" fontSize={12} width={48} />
            <Tooltip
              labelFormatter={(t) => formatUtc(Number(t))}
              formatter={(value) => (typeof value === 'number' ? `${value.toFixed(1)}%` : '–')}
              contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)', color: 'var(--text)' }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {series.map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.label} stroke={colour(i)} dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {/* The chart's figures as text, for screen readers and for checking the chart against the table. */}
      <table className="sr-only" data-testid="rate-chart-data">
        <caption>502s per upstream server in the chart</caption>
        <tbody>
          {series.map((s) => (
            <tr key={s.key} data-series={s.key}>
              <th>{s.label}</th>
              <td data-col="502">{formatCount(s.total502)}</td>
              <td data-col="attempts">{formatCount(s.attempts)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
