'use client';

import { useMemo } from 'react';
import type { Annotation } from '@/lib/analysis/schema';
import { isSelectionLine, pivotStatusSeries } from '../charts/pivot-series';
import { TimeChart } from '../charts/time-chart';
import { useProbes, useSeries } from '../data/hooks';
import { ProbeTimeline } from '../probes/probe-timeline';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { formatCount } from '../ui/format';
import { StateMessage } from '../ui/state-message';
import type { SetViewState, ViewState } from './view-state';

/**
 * 502s per pool (or per server within the chosen pool) over time, as a rate or a count, with 504, 503
 * and 499 drawn apart. Dragging zooms the range; clicking a point opens the lines behind it.
 */
export function StatusChartPanel(props: { id: string; sel: ViewSelection; version: DataVersion; view: ViewState; setView: SetViewState; annotations: Annotation[] }) {
  const { id, sel, version, view, setView, annotations } = props;
  const series = useSeries(id, sel, version);
  const probes = useProbes(id, sel, version);
  const chart = useMemo(() => (series.data ? pivotStatusSeries(series.data.points, view.metric) : null), [series.data, view.metric]);
  const by = series.data?.by ?? (view.pool ? 'server' : 'pool');
  return (
    <figure className="rounded-lg border border-border bg-panel p-3" data-testid="status-chart">
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          502 {view.metric === 'rate' ? 'rate' : 'count'} per {by === 'server' ? `server in pool ${view.pool}` : 'pool'}
        </span>
        <span className="flex items-center gap-3 text-muted">
          {series.data && `${series.data.bucketMs / 1000} s buckets, ${view.tz === 'utc' ? 'UTC' : 'local time'}`}
          <span role="group" aria-label="Metric" className="flex overflow-hidden rounded-md border border-border">
            {(['rate', 'count'] as const).map((metric) => (
              <button key={metric} type="button" aria-pressed={view.metric === metric} data-testid={`metric-${metric}`}
                onClick={() => void setView({ metric })} className={`px-2 py-0.5 ${view.metric === metric ? 'bg-accent text-white' : 'bg-panel'}`}>
                {metric === 'rate' ? 'Rate %' : 'Count'}
              </button>
            ))}
          </span>
        </span>
      </figcaption>
      {series.isPending && <StateMessage kind="loading">Loading the time series…</StateMessage>}
      {series.error && <StateMessage kind="error">Could not load the time series: {series.error.message}</StateMessage>}
      {chart && series.data && (chart.rows.length === 0 ? (
        <>
          <StateMessage kind="empty">No requests in this selection.</StateMessage>
          {/* Probes still tell whether the servers were up, with or without traffic. */}
          {probes.data && probes.data.servers.length > 0 && view.from !== null && view.to !== null && (
            <ProbeTimeline servers={probes.data.servers} probes={probes.data.probes} windows={probes.data.windows} from={view.from} to={view.to} zone={view.tz} />
          )}
        </>
      ) : (
        <>
          <TimeChart
            testId="status-chart-plot"
            rows={chart.rows}
            lines={chart.lines}
            bucketMs={series.data.bucketMs}
            zone={view.tz}
            unit={view.metric === 'rate' ? '%' : ''}
            annotations={annotations}
            onZoom={(from, to) => void setView({ from, to })}
            onPick={(t, key) => {
              // A pool's or server's line narrows to it; a whole-selection line (504, retried...) only to the moment.
              const filter = key && !isSelectionLine(key) ? { [by === 'server' ? 'server' : 'pool']: key } : {};
              void setView({ tab: 'lines', from: t, to: t + series.data!.bucketMs, ...filter });
            }}
          />
          {probes.data && probes.data.servers.length > 0 && chart.rows.length > 0 && (
            <ProbeTimeline
              servers={probes.data.servers}
              probes={probes.data.probes}
              windows={probes.data.windows}
              from={chart.rows[0]!.t}
              to={chart.rows.at(-1)!.t}
              zone={view.tz}
            />
          )}
          {/* The chart's figures as text, for screen readers and for checking the chart against the table. */}
          <table className="sr-only" data-testid="status-chart-data">
            <caption>Totals per line in the chart</caption>
            <tbody>
              {chart.lines.map((line) => (
                <tr key={line.key} data-series={line.key}>
                  <th>{line.label}</th>
                  <td data-col="total">{formatCount(line.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ))}
    </figure>
  );
}
