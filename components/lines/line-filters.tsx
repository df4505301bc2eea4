'use client';

import { useState } from 'react';
import type { SetViewState, ViewState } from '../incident/view-state';

const fields = [
  { key: 'pool', label: 'Pool' },
  { key: 'server', label: 'Server' },
  { key: 'status', label: 'Status' },
  { key: 'cause', label: 'Cause' },
  { key: 'host', label: 'Host' },
  { key: 'path', label: 'Path starts with' },
] as const;

/** Narrow the lines by any field; the filters live in the URL with the rest of the view. */
export function LineFilters({ view, setView }: { view: ViewState; setView: SetViewState }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((f) => [f.key, view[f.key] ?? ''])));
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        void setView(Object.fromEntries(fields.map((f) => [f.key, draft[f.key]?.trim() || null])));
      }}
    >
      <div role="group" aria-label="Kind of lines" className="flex overflow-hidden rounded-md border border-border">
        {(['requests', 'events'] as const).map((kind) => (
          <button key={kind} type="button" aria-pressed={view.kind === kind} data-testid={`kind-${kind}`} onClick={() => void setView({ kind })}
            className={`px-3 py-1 ${view.kind === kind ? 'bg-accent text-white' : 'bg-panel'}`}>
            {kind === 'requests' ? 'Requests' : 'Error-log events'}
          </button>
        ))}
      </div>
      {view.kind === 'requests' && (
        <label className="flex items-center gap-1 self-center">
          <input type="checkbox" checked={view.failed} onChange={(e) => void setView({ failed: e.target.checked || null })} data-testid="filter-failed" />
          Failed only
        </label>
      )}
      {fields.map((f) => (
        <label key={f.key} className="grid gap-0.5">
          <span className="text-xs text-muted">{f.label}</span>
          <input
            className="w-36 rounded border border-border bg-panel px-2 py-1"
            value={draft[f.key] ?? ''}
            data-testid={`filter-${f.key}`}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="rounded-md bg-accent px-3 py-1 text-white" data-testid="apply-filters">
        Apply
      </button>
    </form>
  );
}
