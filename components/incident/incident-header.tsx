'use client';

import { withQuery } from '../data/api';
import { useIncident } from '../data/hooks';
import { useCopy, type CopyState } from '../ui/use-copy';
import { IncidentNotes } from './incident-notes';
import { IncidentStatusControl } from './incident-status';
import { selectionOf, type SetViewState, type ViewState } from './view-state';

const COPY_LABELS: Record<CopyState, string> = { idle: 'Copy link', copied: 'Link copied', failed: 'Copy refused: use the address bar' };

/** The incident's title, the zone switch, the report of what is on screen and the link to share. */
export function IncidentHeader({ id, view, setView }: { id: string; view: ViewState; setView: SetViewState }) {
  const { data: incident } = useIncident(id);
  const [copy, copyText] = useCopy();
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0 flex-1">
        <p className="text-sm text-muted">Incident</p>
        <h1 className="text-2xl font-semibold" data-testid="incident-title">
          {incident?.title ?? '…'}
        </h1>
        {incident && <IncidentNotes incident={incident} />}
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {incident && <IncidentStatusControl incident={incident} />}
        <div role="group" aria-label="Time zone" className="flex overflow-hidden rounded-md border border-border">
          {(['utc', 'local'] as const).map((zone) => (
            <button
              key={zone}
              type="button"
              aria-pressed={view.tz === zone}
              data-testid={`zone-${zone}`}
              onClick={() => void setView({ tz: zone })}
              className={`whitespace-nowrap px-3 py-1 ${view.tz === zone ? 'bg-accent text-white' : 'bg-panel'}`}
            >
              {zone === 'utc' ? 'UTC' : 'Local time'}
            </button>
          ))}
        </div>
        <a
          href={withQuery(`/incidents/${id}/report`, selectionOf(view))}
          data-testid="header-report"
          title="The postmortem report of this range and these filters (Markdown or JSON)"
          className="rounded-md border border-border bg-panel px-3 py-1 font-medium text-accent hover:underline"
        >
          Report
        </a>
        <button type="button" onClick={() => void copyText(window.location.href)} data-testid="copy-link" className="rounded-md bg-accent px-3 py-1 font-medium text-white">
          {COPY_LABELS[copy]}
        </button>
      </div>
    </div>
  );
}
