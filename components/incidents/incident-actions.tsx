'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { IncidentListItem } from '@/lib/store/types';
import { sendJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';

/** Rename in place, or delete after a confirmation that says what goes with it. */
export function IncidentActions({ incident }: { incident: IncidentListItem }) {
  const queryClient = useQueryClient();
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(incident.title);
  const [error, setError] = useState<string | null>(null);
  const done = () => queryClient.invalidateQueries({ queryKey: incidentKeys.all });
  const rename = useMutation({
    mutationFn: () => sendJson(`/api/incidents/${incident.id}`, 'PATCH', { title }),
    onSuccess: async () => {
      setRenaming(false);
      await done();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({ mutationFn: () => sendJson(`/api/incidents/${incident.id}`, 'DELETE'), onSuccess: done, onError: (e) => setError(e.message) });

  if (renaming) {
    return (
      <form className="flex gap-2" onSubmit={(e) => (e.preventDefault(), rename.mutate())}>
        <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} aria-label="New title" className="rounded border border-border bg-bg px-2 py-0.5" data-testid="rename-input" />
        <button type="submit" className="text-accent">Save</button>
        <button type="button" className="text-muted" onClick={() => setRenaming(false)}>Cancel</button>
      </form>
    );
  }
  return (
    <span className="flex gap-3 text-sm">
      <button type="button" className="text-accent hover:underline" onClick={() => setRenaming(true)} data-testid="rename">
        Rename
      </button>
      <button
        type="button"
        className="text-muted hover:text-bad hover:underline"
        data-testid="delete"
        onClick={() => {
          if (window.confirm(`Delete "${incident.title}" with all its files, figures and annotations? This cannot be undone.`)) remove.mutate();
        }}
      >
        Delete
      </button>
      {error && <span role="alert" className="text-bad">{error}</span>}
    </span>
  );
}
