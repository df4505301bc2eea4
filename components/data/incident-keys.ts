import { queryOptions } from '@tanstack/react-query';
import type { Series, SourceSummary, UpstreamTables } from '@/lib/analysis/schema';
import type { Incident, IncidentListItem } from '@/lib/store/types';
import { apiJson, withRange } from './api';

export interface Range {
  from?: number | null;
  to?: number | null;
}

/** Which sources the figures were computed from: when a source finishes or goes, figures refetch. */
export type DataVersion = string | undefined;

/** One key factory, so mutations invalidate exactly what they change. */
export const incidentKeys = {
  all: ['incidents'] as const,
  list: () => [...incidentKeys.all, 'list'] as const,
  detail: (id: string) => [...incidentKeys.all, id] as const,
  sources: (id: string) => [...incidentKeys.detail(id), 'sources'] as const,
  upstreams: (id: string, range: Range, version: DataVersion) =>
    [...incidentKeys.detail(id), 'upstreams', range.from ?? null, range.to ?? null, version ?? null] as const,
  series: (id: string, range: Range, version: DataVersion) =>
    [...incidentKeys.detail(id), 'series', range.from ?? null, range.to ?? null, version ?? null] as const,
};

export const incidentListQuery = () =>
  queryOptions({
    queryKey: incidentKeys.list(),
    queryFn: () => apiJson<{ incidents: IncidentListItem[] }>('/api/incidents').then((r) => r.incidents),
  });

export const incidentQuery = (id: string) =>
  queryOptions({
    queryKey: incidentKeys.detail(id),
    queryFn: () => apiJson<{ incident: Incident }>(`/api/incidents/${id}`).then((r) => r.incident),
  });

export const sourcesQuery = (id: string, options: { live?: boolean } = {}) =>
  queryOptions({
    queryKey: incidentKeys.sources(id),
    queryFn: () => apiJson<{ sources: SourceSummary[] }>(`/api/incidents/${id}/sources`).then((r) => r.sources),
    // While a file is being read (here or by anyone else), poll for its progress and its end.
    refetchInterval: (query) => (options.live || query.state.data?.some((s) => s.state === 'ingesting') ? 500 : false),
  });

export interface FormatInfo {
  id: string;
  label: string;
  gateway: string;
}

export const formatsQuery = () =>
  queryOptions({
    queryKey: ['formats'] as const,
    queryFn: () => apiJson<{ formats: FormatInfo[] }>('/api/formats').then((r) => r.formats),
    staleTime: Infinity,
  });

export const upstreamsQuery = (id: string, range: Range, version: DataVersion) =>
  queryOptions({
    queryKey: incidentKeys.upstreams(id, range, version),
    queryFn: () => apiJson<UpstreamTables>(withRange(`/api/incidents/${id}/upstreams`, range)),
  });

export const seriesQuery = (id: string, range: Range, version: DataVersion) =>
  queryOptions({
    queryKey: incidentKeys.series(id, range, version),
    queryFn: () => apiJson<Series>(withRange(`/api/incidents/${id}/series`, range)),
  });
