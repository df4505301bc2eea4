'use client';

import { useMemo } from 'react';
import type { Annotation } from '@/lib/analysis/schema';
import { pivotLatency } from '../charts/pivot-series';
import { TimeChart } from '../charts/time-chart';
import { useLatency } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { formatCount } from '../ui/format';
import { StateMessage } from '../ui/state-message';
import type { SetViewState, ViewState } from './view-state';

/**
 * How long the upstreams took to answer, over time: p50, p95 and p99 of the selection's attempts. A server
 * that slows down before it times out or is taken out of rotation shows here before the 502s do.
 */
export function LatencyChartPanel(props: { id: string; sel: ViewSelection; version: DataVersion; view: ViewState; setView: SetViewState; annotations: Annotation[] }) {
  const { id, sel, version, view, setView, annotations } = props;
  // Within a chosen pool, each server apart, as the 502 chart does.
  const by = view.pool ? 'server' : 'all';
  const latency = useLatency(id, { ...sel, by }, version);
  const chart = useMemo(() => (latency.data ? pivotLatency(latency.data.points, latency.data.bucketMs, latency.data.by) : null), [latency.data]);
  const attempts = latency.data?.points.reduce((sum, p) => sum + p.n, 0) ?? 0;
  return (
    <figure className="rounded-lg border border-border bg-panel p-3" data-testid="latency-chart">
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">Upstream response time{latency.data?.by === 'server' ? ` per server in pool ${view.pool}` : ''}</span>
        {latency.data && chart && chart.rows.length > 0 && (
          <span className="text-muted">
            {latency.data.by === 'server' ? 'p95' : 'p50 / p95 / p99'} of {formatCount(attempts)} attempts, {latency.data.bucketMs / 1000} s buckets
          </span>
        )}
      </figcaption>
      {latency.isPending && <StateMessage kind="loading">Loading response times…</StateMessage>}
      {latency.error && <StateMessage kind="error">Could not load response times: {latency.error.message}</StateMessage>}
      {chart && latency.data && (chart.rows.length === 0 ? (
        <StateMessage kind="empty">No attempt in this selection logged a response time.</StateMessage>
      ) : (
        <>
          <TimeChart
            testId="latency-chart-plot"
            rows={chart.rows}
            lines={chart.lines}
            bucketMs={latency.data.bucketMs}
            zone={view.tz}
            unit="ms"
            annotations={annotations}
            onZoom={(from, to) => void setView({ from, to })}
            onPick={(t) => void setView({ tab: 'lines', from: t, to: t + latency.data!.bucketMs })}
          />
          {/* The slowest bucket as text, for screen readers and for checking the chart. */}
          <p className="sr-only" data-testid="latency-chart-peak">{peakText(latency.data.points)}</p>
        </>
      ))}
    </figure>
  );
}

function peakText(points: readonly { key: string; t: number; p99: number }[]): string {
  const peak = points.reduce((worst, p) => (p.p99 > worst.p99 ? p : worst), points[0]!);
  return `Highest p99: ${peak.p99} ms at ${new Date(peak.t).toISOString()}${peak.key === 'all' ? '' : ` on ${peak.key}`}`;
}
