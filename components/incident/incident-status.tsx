'use client';

import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from '@/lib/store/types';
import { useUpdateIncident } from '../data/use-update-incident';
import { STATUS_LABELS, STATUS_TONES } from './status-labels';

/** Where the investigation stands, changed in place and kept on the server for everyone with the link. */
export function IncidentStatusControl({ incident }: { incident: Incident }) {
  const update = useUpdateIncident(incident.id);
  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="text-muted">Status</span>
      <select
        className={`rounded border border-border bg-panel px-1 py-0.5 font-medium ${STATUS_TONES[incident.status]}`}
        value={incident.status}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ status: e.target.value as IncidentStatus })}
        data-testid="incident-status"
      >
        {INCIDENT_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
      </select>
      {update.error && <span role="alert" className="text-bad">{update.error.message}</span>}
    </label>
  );
}
