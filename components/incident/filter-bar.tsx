'use client';

import { formatTime } from '../ui/format';
import { filterKeys, type FilterKey, type SetViewState, type ViewState } from './view-state';

const labels: Record<FilterKey, string> = {
  pool: 'pool', server: 'server', status: 'status', cause: 'cause', host: 'host', path: 'path starts with', endpoint: 'endpoint',
};

/** Every filter cleared. */
const NO_FILTERS = Object.fromEntries(filterKeys.map((key) => [key, null])) as Record<FilterKey, null>;

/** The active selection as removable chips, so the engineer always sees what the figures are of. */
export function FilterBar({ view, setView }: { view: ViewState; setView: SetViewState }) {
  const active = filterKeys.filter((k) => view[k] !== null);
  const zoomed = view.from !== null || view.to !== null;
  if (!active.length && !zoomed) return <p className="text-sm text-muted" data-testid="filter-bar">Whole incident, every upstream. Drag on a chart to zoom, click a row or a point to narrow down.</p>;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="filter-bar">
      <span className="text-muted">Showing</span>
      {zoomed && (
        <Chip onRemove={() => void setView({ from: null, to: null })} testId="chip-range">
          {formatTime(view.from, view.tz)} → {formatTime(view.to, view.tz)}
        </Chip>
      )}
      {active.map((key) => (
        <Chip key={key} onRemove={() => void setView({ [key]: null })} testId={`chip-${key}`}>
          {labels[key]} {view[key] === '-' ? '(none)' : view[key]}
        </Chip>
      ))}
      <button type="button" className="text-accent hover:underline" onClick={() => void setView({ from: null, to: null, ...NO_FILTERS })}>
        Clear all
      </button>
    </div>
  );
}

function Chip({ children, onRemove, testId }: { children: React.ReactNode; onRemove: () => void; testId: string }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full border border-border bg-panel px-3 py-0.5" data-testid={testId}>
      {children}
      <button type="button" aria-label="Remove this filter" className="ml-1 text-muted hover:text-bad" onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
