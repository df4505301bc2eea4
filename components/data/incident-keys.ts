import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Annotation, Headline, LatencySeries, LinesPage, Series, SourceSummary, TopFailures, UpstreamTables } from '@/lib/analysis/schema';
import type { EventLine, RequestLine } from '@/lib/analysis/schema';
import type { Diagnosis } from '@/lib/analysis/diagnosis-schema';
import type { ProbeView } from '@/lib/probes/probe-view';
import type { Selection } from '@/lib/store/selection';
import type { Incident, IncidentListItem } from '@/lib/store/types';
import { apiJson, withQuery } from './api';

/** A selection without its incident: what the view state gives. */
export type ViewSelection = Omit<Selection, 'incidentId'>;

/** Which sources the figures were computed from: when a source finishes or goes, figures refetch. */
export type DataVersion = string | undefined;

/** One key factory, so mutations invalidate exactly what they change. */
export const incidentKeys = {
  all: ['incidents'] as const,
  list: () => [...incidentKeys.all, 'list'] as const,
  detail: (id: string) => [...incidentKeys.all, id] as const,
  sources: (id: string) => [...incidentKeys.detail(id), 'sources'] as const,
  annotations: (id: string) => [...incidentKeys.detail(id), 'annotations'] as const,
  figures: (id: string) => [...incidentKeys.detail(id), 'figures'] as const,
  selected: (id: string, what: string, sel: object, version: DataVersion) => [...incidentKeys.figures(id), what, sel, version ?? null] as const,
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
    // Read afresh whenever a page shows them: a list cached by the upload's progress (polled before the file's
    // source existed) once made the incident page say "No files yet" beside the file's own figures.
    refetchOnMount: 'always',
  });

export const annotationsQuery = (id: string) =>
  queryOptions({
    queryKey: incidentKeys.annotations(id),
    queryFn: () => apiJson<{ annotations: Annotation[] }>(`/api/incidents/${id}/annotations`).then((r) => r.annotations),
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

const selected = <T>(id: string, what: string, sel: ViewSelection & Record<string, string | number | undefined>, version: DataVersion) =>
  queryOptions({
    queryKey: incidentKeys.selected(id, what, sel, version),
    queryFn: () => apiJson<T>(withQuery(`/api/incidents/${id}/${what}`, sel)),
    // Not before the sources are known: the version is part of the key, so asking earlier fetches everything twice.
    enabled: version !== undefined,
    // Keep the previous figures on screen while a new selection loads, instead of flashing empty.
    placeholderData: keepPreviousData,
  });

export const headlineQuery = (id: string, sel: ViewSelection, version: DataVersion) => selected<Headline>(id, 'headline', sel, version);
export const upstreamsQuery = (id: string, sel: ViewSelection, version: DataVersion) => selected<UpstreamTables>(id, 'upstreams', sel, version);
export const diagnosisQuery = (id: string, sel: ViewSelection, version: DataVersion) => selected<{ diagnosis: Diagnosis }>(id, 'diagnosis', sel, version);
export const probesQuery = (id: string, sel: ViewSelection, version: DataVersion) => selected<ProbeView>(id, 'probes', sel, version);
export const topQuery = (id: string, sel: ViewSelection, version: DataVersion) => selected<TopFailures>(id, 'top', sel, version);
export const latencyQuery = (id: string, sel: ViewSelection & { by?: 'all' | 'server' }, version: DataVersion) => selected<LatencySeries>(id, 'latency', sel, version);
export const seriesQuery = (id: string, sel: ViewSelection & { by?: 'pool' | 'server' | 'cause' }, version: DataVersion) =>
  selected<Series>(id, 'series', sel, version);

export const linesQuery = (id: string, sel: ViewSelection, kind: 'requests' | 'events', version: DataVersion, failedOnly = false) => {
  // Failed only narrows requests; error-log events are failures already.
  const failed = failedOnly && kind === 'requests';
  return infiniteQueryOptions({
    queryKey: incidentKeys.selected(id, `lines-${kind}${failed ? '-failed' : ''}`, sel, version),
    queryFn: ({ pageParam }) => apiJson<LinesPage>(withQuery(`/api/incidents/${id}/lines`, { ...sel, kind, limit: 500, after: pageParam, failed: failed ? 'true' : null })),
    enabled: version !== undefined,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
  });
};

export const relatedQuery = (id: string, source: number, line: number) =>
  queryOptions({
    queryKey: [...incidentKeys.detail(id), 'related', source, line] as const,
    queryFn: () =>
      apiJson<{ line: RequestLine | EventLine; related: (RequestLine | EventLine)[] }>(withQuery(`/api/incidents/${id}/lines/related`, { source, line })),
  });
