'use client';

import { useRef, useState } from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Annotation } from '@/lib/analysis/schema';
import { formatTick, formatTime, type Zone } from '../ui/format';
import type { ChartLine, ChartRow } from './pivot-series';
import { timeTicks } from './time-ticks';

export interface TimeChartProps {
  rows: ChartRow[];
  lines: ChartLine[];
  bucketMs: number;
  zone: Zone;
  unit: string;
  annotations: Annotation[];
  /** Lines (default) or stacked areas. */
  stacked?: boolean;
  /** Dragging across the chart selects [from, to). */
  onZoom: (from: number, to: number) => void;
  /** A click on a bucket (and, when on a line's dot, that line). */
  onPick: (t: number, key: string | null) => void;
  testId: string;
}

const asNumber = (label: unknown) => (typeof label === 'number' ? label : typeof label === 'string' && label !== '' ? Number(label) : null);

/** A time chart that draws what it is given and never fetches: drag to zoom, click to drill down. */
export function TimeChart({ rows, lines, bucketMs, zone, unit, annotations, stacked, onZoom, onPick, testId }: TimeChartProps) {
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  // A click on a line's dot picks that line; a click elsewhere picks the bucket. The dot's click comes
  // after the chart's mouse-up, so the bucket pick waits a moment and the dot cancels it.
  const pendingPick = useRef<ReturnType<typeof setTimeout> | null>(null);
  const span = rows.length ? rows[rows.length - 1]!.t - rows[0]!.t : 0;
  // A few round times, in the zone shown (time-ticks.ts says why not one per bucket).
  const offsetMs = zone === 'utc' || !rows.length ? 0 : -new Date(rows[0]!.t).getTimezoneOffset() * 60_000;
  const ticks = rows.length ? timeTicks(rows[0]!.t, rows[rows.length - 1]!.t, offsetMs) : undefined;
  // The chart may not know the bucket under the pointer at mouse-down (the pointer just arrived), so
  // the mouse-up's bucket decides: the same bucket is a click, another one ends a drag.
  const finish = (state: { activeLabel?: unknown }) => {
    const end = asNumber(state.activeLabel) ?? drag?.end ?? null;
    const start = drag?.start ?? end;
    setDrag(null);
    if (start === null || end === null) return;
    if (start !== end) onZoom(Math.min(start, end), Math.max(start, end) + bucketMs);
    else pendingPick.current = setTimeout(() => onPick(start, null), 50);
  };
  const pickLine = (point: unknown, key: string) => {
    if (pendingPick.current) clearTimeout(pendingPick.current);
    const t = (point as { payload?: { t?: number } }).payload?.t;
    if (typeof t === 'number') onPick(t, key);
  };
  const Chart = stacked ? AreaChart : LineChart;
  const common = {
    data: rows,
    margin: { top: 8, right: 16, bottom: 0, left: 0 },
    onMouseDown: (state: { activeLabel?: unknown }) => {
      const t = asNumber(state.activeLabel);
      if (t !== null) setDrag({ start: t, end: t });
    },
    onMouseMove: (state: { activeLabel?: unknown }) => {
      const t = asNumber(state.activeLabel);
      if (drag && t !== null) setDrag({ ...drag, end: t });
    },
    onMouseUp: (state: { activeLabel?: unknown }) => finish(state),
    onMouseLeave: () => setDrag(null),
  };
  return (
    <div className="h-72 select-none" data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <Chart {...common}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} ticks={ticks} tickFormatter={(t: number) => formatTick(t, zone, span)} stroke="var(--muted)" fontSize={12} />
          <YAxis unit={unit} stroke="var(--muted)" fontSize={12} width={52} allowDecimals={unit !== '%' ? false : true} />
          <Tooltip
            labelFormatter={(t) => formatTime(Number(t), zone)}
            formatter={(v) => (typeof v === 'number' ? (unit === '%' ? `${v.toFixed(1)}%` : v.toLocaleString('en-US')) : '–')}
            contentStyle={{ background: 'var(--panel)', borderColor: 'var(--border)', color: 'var(--text)' }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {lines.map((line) =>
            stacked ? (
              <Area key={line.key} dataKey={line.key} name={line.label} stackId="1" stroke={line.colour} fill={line.colour} fillOpacity={0.5} isAnimationActive={false} />
            ) : (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.label}
                stroke={line.colour}
                strokeDasharray={line.dashed ? '5 4' : undefined}
                dot={false}
                strokeWidth={2}
                connectNulls={false}
                isAnimationActive={false}
                activeDot={{ r: 5, cursor: 'pointer', onClick: (_e: unknown, point: unknown) => pickLine(point, line.key) }}
              />
            ),
          )}
          {annotations.map((a) => (
            <ReferenceLine key={a.id} x={a.time - (a.time % bucketMs)} stroke="var(--text)" strokeDasharray="2 2" label={{ value: a.label, position: 'insideTopLeft', fill: 'var(--text)', fontSize: 11 }} />
          ))}
          {drag && drag.start !== drag.end && <ReferenceArea x1={drag.start} x2={drag.end} fill="var(--accent)" fillOpacity={0.15} />}
        </Chart>
      </ResponsiveContainer>
    </div>
  );
}
