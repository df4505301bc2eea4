'use client';

import { useMemo } from 'react';
import type { Annotation } from '@/lib/analysis/schema';
import { pivotCauses } from '../charts/pivot-series';
import { TimeChart } from '../charts/time-chart';
import { useSeries } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { StateMessage } from '../ui/state-message';
import type { SetViewState, ViewState } from './view-state';

/** Why the attempts failed, over time: failed attempts per cause, stacked. */
export function CauseChartPanel(props: { id: string; sel: ViewSelection; version: DataVersion; view: ViewState; setView: SetViewState; annotations: Annotation[] }) {
  const { id, sel, version, view, setView, annotations } = props;
  const series = useSeries(id, { ...sel, by: 'cause' }, version);
  const chart = useMemo(() => (series.data ? pivotCauses(series.data.points, series.data.bucketMs) : null), [series.data]);
  return (
    <figure className="rounded-lg border border-border bg-panel p-3" data-testid="cause-chart">
      <figcaption className="mb-2 text-sm font-medium">Failed attempts by cause</figcaption>
      {series.isPending && <StateMessage kind="loading">Loading causes…</StateMessage>}
      {series.error && <StateMessage kind="error">Could not load causes: {series.error.message}</StateMessage>}
      {chart && series.data && (chart.rows.length === 0 ? (
        <StateMessage kind="empty">No failed attempts in this selection.</StateMessage>
      ) : (
        <TimeChart
          testId="cause-chart-plot"
          stacked
          rows={chart.rows}
          lines={chart.lines}
          bucketMs={series.data.bucketMs}
          zone={view.tz}
          unit=""
          annotations={annotations}
          onZoom={(from, to) => void setView({ from, to })}
          onPick={(t) => void setView({ tab: 'lines', from: t, to: t + series.data!.bucketMs })}
        />
      ))}
    </figure>
  );
}
