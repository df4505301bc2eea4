'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus } from '@/lib/store/types';
import { sendJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';

export const STATUS_LABELS: Record<IncidentStatus, string> = { investigating: 'Investigating', mitigated: 'Mitigated', resolved: 'Resolved' };
const STATUS_TONES: Record<IncidentStatus, string> = { investigating: 'text-bad', mitigated: 'text-warn', resolved: 'text-good' };

/** A status as a small coloured word, for lists. */
export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`text-xs font-medium ${STATUS_TONES[status]}`} data-testid="incident-status-badge">{STATUS_LABELS[status]}</span>;
}

function useUpdateIncident(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<Pick<Incident, 'status' | 'notes'>>) => sendJson<{ incident: Incident }>(`/api/incidents/${id}`, 'PATCH', change),
    onSuccess: ({ incident }) => {
      queryClient.setQueryData(incidentKeys.detail(id), incident);
      return queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    },
  });
}

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

/** What the team wrote down: shown to everyone who opens the link, and in the report. */
export function IncidentNotes({ incident }: { incident: Incident }) {
  const update = useUpdateIncident(incident.id);
  const [draft, setDraft] = useState(incident.notes);
  // The notes the draft started from: when a colleague's notes arrive and nothing was typed, show theirs.
  const [base, setBase] = useState(incident.notes);
  if (incident.notes !== base) {
    setBase(incident.notes);
    if (draft === base) setDraft(incident.notes);
  }
  const changed = draft !== incident.notes;
  return (
    <details className="text-sm" open={incident.notes !== ''} data-testid="incident-notes">
      <summary className="cursor-pointer text-muted">Notes{incident.notes ? '' : ' (none yet)'}</summary>
      <form className="mt-1 grid max-w-3xl gap-1" onSubmit={(e) => (e.preventDefault(), update.mutate({ notes: draft }))}>
        <textarea
          className="h-20 w-full rounded border border-border bg-panel px-2 py-1"
          value={draft}
          placeholder="What was tried, who is on it, what the customer impact is…"
          onChange={(e) => setDraft(e.target.value)}
          data-testid="incident-notes-text"
        />
        <div className="flex items-center gap-2">
          <button type="submit" disabled={!changed || update.isPending} className="rounded bg-accent px-2 py-0.5 text-white disabled:opacity-50" data-testid="incident-notes-save">
            Save notes
          </button>
          {update.isSuccess && !changed && <span className="text-muted">Saved</span>}
          {update.error && <span role="alert" className="text-bad">{update.error.message}</span>}
        </div>
      </form>
    </details>
  );
}
