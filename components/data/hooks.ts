'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  annotationsQuery, diagnosisQuery, formatsQuery, headlineQuery, latencyQuery, probesQuery, incidentListQuery, incidentQuery, linesQuery, relatedQuery, seriesQuery,
  sourcesQuery, topQuery, upstreamsQuery, type DataVersion, type ViewSelection,
} from './incident-keys';

export const useIncidents = () => useQuery(incidentListQuery());
export const useIncident = (id: string) => useQuery(incidentQuery(id));
export const useSources = (id: string, options: { live?: boolean } = {}) => useQuery(sourcesQuery(id, options));
export const useFormats = () => useQuery(formatsQuery());
export const useAnnotations = (id: string) => useQuery(annotationsQuery(id));
export const useHeadline = (id: string, sel: ViewSelection, version: DataVersion) => useQuery(headlineQuery(id, sel, version));
export const useUpstreams = (id: string, sel: ViewSelection, version: DataVersion) => useQuery(upstreamsQuery(id, sel, version));
export const useDiagnosis = (id: string, sel: ViewSelection, version: DataVersion) => useQuery(diagnosisQuery(id, sel, version));
export const useProbes = (id: string, sel: ViewSelection, version: DataVersion) => useQuery(probesQuery(id, sel, version));
export const useTopFailures = (id: string, sel: ViewSelection, version: DataVersion) => useQuery(topQuery(id, sel, version));
export const useLatency = (id: string, sel: ViewSelection & { by?: 'all' | 'server' }, version: DataVersion) => useQuery(latencyQuery(id, sel, version));
export const useSeries = (id: string, sel: ViewSelection & { by?: 'pool' | 'server' | 'cause' }, version: DataVersion) =>
  useQuery(seriesQuery(id, sel, version));
export const useLines = (id: string, sel: ViewSelection, kind: 'requests' | 'events', version: DataVersion, failedOnly = false) =>
  useInfiniteQuery(linesQuery(id, sel, kind, version, failedOnly));
export const useRelated = (id: string, source: number, line: number) => useQuery(relatedQuery(id, source, line));

/** The done sources' ids: figures computed from another set are out of date. */
export function useDataVersion(id: string): DataVersion {
  const { data } = useSources(id);
  return data?.filter((s) => s.state === 'done').map((s) => s.id).join(',');
}
