'use client';

import { useQuery } from '@tanstack/react-query';
import { formatsQuery, incidentListQuery, incidentQuery, seriesQuery, sourcesQuery, upstreamsQuery, type Range } from './incident-keys';

export const useIncidents = () => useQuery(incidentListQuery());
export const useIncident = (id: string) => useQuery(incidentQuery(id));
export const useSources = (id: string, options: { live?: boolean } = {}) => useQuery(sourcesQuery(id, options));
export const useFormats = () => useQuery(formatsQuery());
export const useUpstreams = (id: string, range: Range) => useQuery(upstreamsQuery(id, range));
export const useSeries = (id: string, range: Range) => useQuery(seriesQuery(id, range));
