'use client';

import { useQuery } from '@tanstack/react-query';
import { incidentListQuery, incidentQuery, seriesQuery, sourcesQuery, upstreamsQuery, type Range } from './incident-keys';

export const useIncidents = () => useQuery(incidentListQuery());
export const useIncident = (id: string) => useQuery(incidentQuery(id));
export const useSources = (id: string) => useQuery(sourcesQuery(id));
export const useUpstreams = (id: string, range: Range) => useQuery(upstreamsQuery(id, range));
export const useSeries = (id: string, range: Range) => useQuery(seriesQuery(id, range));
