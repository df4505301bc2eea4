'use client';

import { useState } from 'react';
import type { Zone } from '../ui/format';
import type { SetViewState, ViewState } from './view-state';

/** `datetime-local` text for an instant, in the view's zone. */
function toInput(ms: number | null, zone: Zone): string {
  if (ms === null) return '';
  const shifted = zone === 'utc' ? ms : ms - new Date(ms).getTimezoneOffset() * 60_000;
  return new Date(shifted).toISOString().slice(0, 19);
}

function fromInput(text: string, zone: Zone): number | null {
  if (!text) return null;
  const value = text.length === 16 ? `${text}:00` : text;
  const ms = zone === 'utc' ? Date.parse(`${value}Z`) : new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

/** The range typed in, for keyboards and for exact times from a ticket; dragging on a chart does the same. */
export function RangeForm({ view, setView }: { view: ViewState; setView: SetViewState }) {
  const [from, setFrom] = useState(() => toInput(view.from, view.tz));
  const [to, setTo] = useState(() => toInput(view.to, view.tz));
  return (
    <details className="text-sm" data-testid="range-form">
      <summary className="cursor-pointer text-muted">Set the time range…</summary>
      <form
        className="mt-2 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          void setView({ from: fromInput(from, view.tz), to: fromInput(to, view.tz) });
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
