'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useAnnotations, useDataVersion, useHeadline, useIncident, useProbes, useSources, useUpstreams } from '../data/hooks';
import { DiagnosisPanel } from '../diagnosis/diagnosis-panel';
import { LinesView } from '../lines/lines-view';
import { StateMessage } from '../ui/state-message';
import { UpstreamTable } from '../upstreams/upstream-table';
import { DropZone } from '../upload/drop-zone';
import { AnnotationsPanel } from './annotations-panel';
import { CauseChartPanel } from './cause-chart-panel';
import { LatencyChartPanel } from './latency-chart-panel';
import { FilterBar } from './filter-bar';
import { HeadlineFigures } from './headline';
import { IncidentHeader } from './incident-header';
import { RangeForm } from './range-form';
import { SourceList } from './source-list';
import { StatusChartPanel } from './status-chart-panel';
import { TopFailures } from './top-failures';
import { selectionOf, useViewState } from './view-state';

/** The screen an on-call engineer lives in: which upstream, since when, how bad, and the lines behind it. */
export function IncidentView({ id }: { id: string }) {
  const [view, setView] = useViewState();
  const incident = useIncident(id);
  const sources = useSources(id);
  const version = useDataVersion(id);
  const sel = selectionOf(view);
  const headline = useHeadline(id, sel, version);
  const upstreams = useUpstreams(id, sel, version);
  const annotations = useAnnotations(id).data ?? [];
  const probes = useProbes(id, sel, version).data;
  const latestProbe = new Map((probes?.probes ?? []).filter((p) => p.server).map((p) => [p.server!, p] as const));
  const queryClient = useQueryClient();

  if (incident.error) return <StateMessage kind="error">{incident.error.message}</StateMessage>;
  const panel = { id, sel, version, view, setView, annotations };
  return (
    <div className="space-y-4">
      <IncidentHeader id={id} view={view} setView={setView} />
      <div className="flex flex-wrap items-start justify-between gap-2">
        <FilterBar view={view} setView={setView} />
        <RangeForm key={`${view.from}-${view.to}-${view.tz}`} view={view} setView={setView} />
      </div>
      {headline.data && <HeadlineFigures headline={headline.data} zone={view.tz} />}
      {headline.error && <StateMessage kind="error">Could not load the figures: {headline.error.message}</StateMessage>}
      <nav role="tablist" className="flex gap-1 border-b border-border text-sm">
        {(['overview', 'lines'] as const).map((tab) => (
          <button key={tab} role="tab" type="button" aria-selected={view.tab === tab} data-testid={`tab-${tab}`} onClick={() => void setView({ tab })}
            className={`-mb-px border-b-2 px-4 py-2 ${view.tab === tab ? 'border-accent font-medium' : 'border-transparent text-muted'}`}>
            {tab === 'overview' ? 'Overview' : 'Lines'}
          </button>
        ))}
      </nav>
      {view.tab === 'lines' ? (
        <LinesView id={id} sel={sel} version={version} view={view} setView={setView} />
      ) : (
        <div className="space-y-4">
          {/* The wizard beside the chart: what happened and what to check next, side by side. */}
          <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_28rem]">
            <div className="min-w-0 space-y-4">
              <StatusChartPanel {...panel} />
              <CauseChartPanel {...panel} />
              <LatencyChartPanel {...panel} />
            </div>
            <aside className="min-w-0 xl:sticky xl:top-2 xl:max-h-[calc(100vh-1rem)] xl:self-start xl:overflow-y-auto">
              <DiagnosisPanel id={id} sel={sel} version={version} view={view} setView={setView} />
            </aside>
          </div>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Upstream servers</h2>
            {upstreams.isPending && <StateMessage kind="loading">Loading upstreams…</StateMessage>}
            {upstreams.error && <StateMessage kind="error">Could not load upstreams: {upstreams.error.message}</StateMessage>}
            {upstreams.data && (upstreams.data.upstreams.length === 0 ? (
              <StateMessage kind="empty">No attempts in this selection.</StateMessage>
            ) : (
              <UpstreamTable
                incidentId={id}
                probes={latestProbe}
                upstreams={upstreams.data.upstreams}
                sort={view.sort}
                zone={view.tz}
                onSort={(sort) => void setView({ sort })}
                onPick={(u) => void setView({ pool: u.pool ?? '-', server: u.server ?? '-' })}
              />
            ))}
          </section>
          <div className="grid gap-4 xl:grid-cols-2">
            <TopFailures id={id} sel={sel} version={version} setView={setView} />
            <AnnotationsPanel id={id} annotations={annotations} zone={view.tz} />
          </div>
          <section className="space-y-2">
            <h2 className="text-lg font-semibold">Sources</h2>
            {sources.data && <SourceList incidentId={id} sources={sources.data} />}
            {sources.error && <StateMessage kind="error">Could not load sources: {sources.error.message}</StateMessage>}
            <DropZone incidentId={id} onAdded={() => queryClient.invalidateQueries({ queryKey: ['incidents', id] })} />
          </section>
        </div>
      )}
    </div>
  );
}
