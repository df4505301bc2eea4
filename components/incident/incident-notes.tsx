'use client';

import { useState } from 'react';
import type { Incident } from '@/lib/store/types';
import { useUpdateIncident } from '../data/use-update-incident';

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
