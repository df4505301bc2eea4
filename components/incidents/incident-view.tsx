'use client';

import { useMemo } from 'react';
import { useDataVersion, useIncident, useSeries, useSources, useUpstreams } from '../data/hooks';
import { RateChart } from '../charts/rate-chart';
import { pivotRates } from '../charts/pivot-series';
import { UpstreamTable } from '../upstreams/upstream-table';
import { StateMessage } from '../ui/state-message';
import { SourceList } from './source-list';
import { Headline } from './headline';
import { DropZone } from '../upload/drop-zone';

export function IncidentView({ id }: { id: string }) {
  const incident = useIncident(id);
  const sources = useSources(id);
  const version = useDataVersion(id);
  const upstreams = useUpstreams(id, {}, version);
  const series = useSeries(id, {}, version);
  const chart = useMemo(() => (series.data ? pivotRates(series.data.points) : null), [series.data]);

  if (incident.error) return <StateMessage kind="error">{incident.error.message}</StateMessage>;
  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm text-muted">Incident</p>
        <h1 className="text-2xl font-semibold" data-testid="incident-title">
          {incident.data?.title ?? '…'}
        </h1>
      </div>
      {upstreams.data && <Headline tables={upstreams.data} />}
      {series.isPending && <StateMessage kind="loading">Loading the time series…</StateMessage>}
      {series.error && <StateMessage kind="error">Could not load the time series: {series.error.message}</StateMessage>}
      {chart && series.data && (chart.rows.length === 0 ? (
        <StateMessage kind="empty">No requests in this incident yet: add a log file.</StateMessage>
      ) : (
        <RateChart rows={chart.rows} series={chart.series} bucketMs={series.data.bucketMs} />
      ))}
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Upstream servers</h2>
        {upstreams.isPending && <StateMessage kind="loading">Loading upstreams…</StateMessage>}
        {upstreams.error && <StateMessage kind="error">Could not load upstreams: {upstreams.error.message}</StateMessage>}
        {upstreams.data && (upstreams.data.upstreams.length === 0 ? (
          <StateMessage kind="empty">No attempts recorded yet.</StateMessage>
        ) : (
          <UpstreamTable upstreams={upstreams.data.upstreams} />
        ))}
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Sources</h2>
        {sources.data && <SourceList incidentId={id} sources={sources.data} />}
        <DropZone incidentId={id} />
        {sources.error && <StateMessage kind="error">Could not load sources: {sources.error.message}</StateMessage>}
      </section>
    </div>
  );
}
