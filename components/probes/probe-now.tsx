'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { StoredProbe } from '@/lib/store/probe-rows';
import { sendJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';
import { formatMs } from '../ui/format';

/** The server's latest probe state, and a button that probes it now from the Gateway Lens server. */
export function ProbeNow({ incidentId, server, latest }: { incidentId: string; server: string; latest: StoredProbe | undefined }) {
  const queryClient = useQueryClient();
  const probe = useMutation({
    mutationFn: () => sendJson<{ results: StoredProbe[] }>(`/api/incidents/${incidentId}/probes/run`, 'POST', { targets: [server], kind: 'tcp' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: incidentKeys.figures(incidentId) }),
  });
  return (
    <span className="flex items-center gap-2 whitespace-nowrap" onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      {latest ? (
        <span className={latest.ok ? 'text-good' : 'text-bad'} title={latest.error ?? undefined} data-testid="probe-state">
          {latest.ok ? 'up' : 'down'} ({latest.kind}
          {latest.ok ? `, ${formatMs(latest.latencyMs)}` : latest.error ? `, ${latest.error}` : ''})
        </span>
      ) : (
        <span className="text-muted">no probes</span>
      )}
      <button type="button" className="text-accent hover:underline disabled:opacity-50" disabled={probe.isPending} onClick={() => probe.mutate()} data-testid="probe-now">
        {probe.isPending ? 'probing…' : 'Probe now'}
      </button>
      {probe.error && <span role="alert" className="text-bad">{probe.error.message}</span>}
    </span>
  );
}
