'use client';

import { useState } from 'react';
import { fromZonedInput, toZonedInput } from '../ui/format';
import type { SetViewState, ViewState } from './view-state';

/** The range typed in, for keyboards and for exact times from a ticket; dragging on a chart does the same. */
export function RangeForm({ view, setView }: { view: ViewState; setView: SetViewState }) {
  const [from, setFrom] = useState(() => toZonedInput(view.from, view.tz));
  const [to, setTo] = useState(() => toZonedInput(view.to, view.tz));
  return (
    <details className="text-sm" data-testid="range-form">
      <summary className="cursor-pointer text-muted">Set the time range…</summary>
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void setView({ from: fromZonedInput(from, view.tz), to: fromZonedInput(to, view.tz) });
        }}
      >
        <label className="grid gap-0.5">
          <span className="text-xs text-muted">From ({view.tz === 'utc' ? 'UTC' : 'local'})</span>
          <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} className="rounded border border-border bg-panel px-2 py-1" data-testid="range-from" />
        </label>
        <label className="grid gap-0.5">
          <span className="text-xs text-muted">To</span>
          <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} className="rounded border border-border bg-panel px-2 py-1" data-testid="range-to" />
        </label>
        <button type="submit" className="rounded-md bg-accent px-3 py-1 text-white">
          Apply
        </button>
      </form>
    </details>
  );
}
