'use client';

import { useQuery } from '@tanstack/react-query';
import {
  formatsQuery, incidentListQuery, incidentQuery, seriesQuery, sourcesQuery, upstreamsQuery, type DataVersion, type Range,
} from './incident-keys';

export const useIncidents = () => useQuery(incidentListQuery());
export const useIncident = (id: string) => useQuery(incidentQuery(id));
export const useSources = (id: string, options: { live?: boolean } = {}) => useQuery(sourcesQuery(id, options));
export const useFormats = () => useQuery(formatsQuery());
export const useUpstreams = (id: string, range: Range, version: DataVersion) => useQuery(upstreamsQuery(id, range, version));
export const useSeries = (id: string, range: Range, version: DataVersion) => useQuery(seriesQuery(id, range, version));

/** The done sources' ids: figures computed from another set are out of date. */
export function useDataVersion(id: string): DataVersion {
  const { data } = useSources(id);
  return data?.filter((s) => s.state === 'done').map((s) => s.id).join(',');
}
