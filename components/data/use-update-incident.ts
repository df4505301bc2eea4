'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Incident } from '@/lib/store/types';
import { sendJson } from './api';
import { incidentKeys } from './incident-keys';

/** Changes an incident's status or notes; the incident and the list then show the server's answer. */
export function useUpdateIncident(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<Pick<Incident, 'status' | 'notes'>>) => sendJson<{ incident: Incident }>(`/api/incidents/${id}`, 'PATCH', change),
    onSuccess: ({ incident }) => {
      queryClient.setQueryData(incidentKeys.detail(id), incident);
      return queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}
