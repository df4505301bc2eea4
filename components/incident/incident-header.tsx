'use client';

import { useState } from 'react';
import { useIncident } from '../data/hooks';
import { IncidentNotes } from './incident-notes';
import { IncidentStatusControl } from './incident-status';
import type { SetViewState, ViewState } from './view-state';

/** The incident's title, the zone switch and the link to share. */
export function IncidentHeader({ id, view, setView }: { id: string; view: ViewState; setView: SetViewState }) {
  const { data: incident } = useIncident(id);
  const [copied, setCopied] = useState(false);
  async function copyLink() {
    await navigator.clipboard.writeText(window.location.href).catch(() => undefined);
    setCopied(true);
    setTimeout(() => setCopied(false), 2000);
  }
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 flex-1">
        <p className="text-sm text-muted">Incident</p>
        <h1 className="text-2xl font-semibold" data-testid="incident-title">
          {incident?.title ?? '…'}
        </h1>
        {incident && <IncidentNotes incident={incident} />}
      </div>
      <div className="flex items-center gap-2 text-sm">
        {incident && <IncidentStatusControl incident={incident} />}
        <div role="group" aria-label="Time zone" className="flex overflow-hidden rounded-md border border-border">
          {(['utc', 'local'] as const).map((zone) => (
            <button
              key={zone}
              type="button"
              aria-pressed={view.tz === zone}
              data-testid={`zone-${zone}`}
              onClick={() => void setView({ tz: zone })}
              className={`px-3 py-1 ${view.tz === zone ? 'bg-accent text-white' : 'bg-panel'}`}
            >
              {zone === 'utc' ? 'UTC' : 'Local time'}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => void copyLink()} data-testid="copy-link" className="rounded-md bg-accent px-3 py-1 font-medium text-white">
          {copied ? 'Link copied' : 'Copy link'}
        </button>
      </div>
    </div>
  );
}
