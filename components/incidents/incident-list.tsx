'use client';

import Link from 'next/link';
import { useIncidents } from '../data/hooks';
import { formatCount, formatUtc } from '../ui/format';
import { StateMessage } from '../ui/state-message';
import { IncidentActions } from './incident-actions';
import { StatusBadge } from '../incident/status-badge';

export function IncidentList() {
  const { data, error, isPending } = useIncidents();
  if (isPending) return <StateMessage kind="loading">Loading incidents…</StateMessage>;
  if (error) return <StateMessage kind="error">Could not load incidents: {error.message}</StateMessage>;
  if (data.length === 0) return <StateMessage kind="empty">No incidents yet. Drop a log above to open one.</StateMessage>;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-panel">
      <table className="w-full text-sm" data-testid="incident-list">
        <thead className="text-left text-muted">
          <tr className="border-b border-border">
            <th className="px-3 py-2 font-medium">Incident</th>
            <th className="px-3 py-2 font-medium">Time span</th>
            <th className="px-3 py-2 font-medium">Worst upstream</th>
            <th className="px-3 py-2 text-right font-medium">502s</th>
            <th className="px-3 py-2 text-right font-medium">Requests</th>
            <th className="px-3 py-2 font-medium">Created</th>
            <th className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {data.map((incident) => (
            <tr key={incident.id} data-testid="incident-row" className="border-b border-border last:border-0 hover:bg-bg">
              <td className="px-3 py-2">
                <Link href={`/incidents/${incident.id}`} className="font-medium text-accent hover:underline">
                  {incident.title}
                </Link>{' '}
                <StatusBadge status={incident.status} />
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                {incident.from === null ? '–' : `${formatUtc(incident.from)} → ${formatUtc(incident.to, false)}`}
              </td>
              <td className="px-3 py-2">
                {incident.worstServer ? (
                  <>
                    <span className="font-mono">{incident.worstServer}</span>
                    {incident.worstPool && <span className="text-muted"> in {incident.worstPool}</span>}
                  </>
                ) : (
                  '–'
                )}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(incident.count502)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatCount(incident.requests)}</td>
              <td className="px-3 py-2 whitespace-nowrap">{formatUtc(incident.createdAt)}</td>
              <td className="px-3 py-2"><IncidentActions incident={incident} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
