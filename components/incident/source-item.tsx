'use client';

import { useState } from 'react';
import type { SourceSummary } from '@/lib/analysis/schema';
import { formatCount, formatUtc } from '../ui/format';
import { RereadSource } from './reread-source';
import { RemoveSource } from './remove-source';
import { formatRate } from '../upload/ingest-progress';

const percent = (share: number | null | undefined) => (share == null ? '' : ` (${Math.round(share * 100)}% of the first lines)`);

/** One file of the incident: how it was read, what was counted, what was rejected and why. */
export function SourceItem({ incidentId, source: s }: { incidentId: string; source: SourceSummary }) {
  const [rereading, setRereading] = useState(false);
  const lines = s.lines;
  return (
    <li className="rounded-lg border border-border bg-panel px-4 py-3 text-sm" data-testid="source-item" data-source-id={s.id}>
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <span className="font-mono font-medium">{s.name}</span>
        <span className="text-muted" data-testid="source-format">
          {s.format ?? 'unknown format'}
          {s.state === 'done' && percent(s.confidence)}
          {s.envelope && `, inside ${s.envelope}`}
        </span>
        <span data-testid="source-counts">
          {formatCount(lines.parsed)} of {formatCount(lines.total)} lines parsed
          {lines.rejected > 0 && <span className="text-warn">, {formatCount(lines.rejected)} rejected</span>}
          {(lines.foreign ?? 0) > 0 && <span>, {formatCount(lines.foreign ?? 0)} from other containers</span>}
          {(lines.joined ?? 0) > 0 && <span>, {formatCount(lines.joined ?? 0)} split pieces joined</span>}
          {(s.events ?? 0) > 0 && <span>, {formatCount(s.events ?? 0)} error-log events</span>}
        </span>
        {s.from && <span className="text-muted">{formatUtc(s.from)} → {formatUtc(s.to, false)}</span>}
        {s.state === 'done' && s.bytesPerSecond ? <span className="text-muted">read at {formatRate(s.bytesPerSecond)}</span> : null}
        {s.state === 'ingesting' && <span className="text-accent">reading…</span>}
        {s.state === 'failed' && <span className="text-bad">not stored: {s.error}</span>}
        <span className="ml-auto flex gap-2">
          {s.state === 'done' && (
            <button type="button" className="text-accent hover:underline" onClick={() => setRereading((v) => !v)}>
              Read as…
            </button>
          )}
          {s.id !== undefined && s.state !== 'ingesting' && <RemoveSource incidentId={incidentId} sourceId={s.id} name={s.name} />}
        </span>
      </div>
      {s.notes && <p className="mt-1 text-warn">{s.notes}</p>}
      {rereading && s.id !== undefined && <RereadSource incidentId={incidentId} source={s} onDone={() => setRereading(false)} />}
      {s.rejects && s.rejects.length > 0 && (
        <details className="mt-2">
          <summary className="cursor-pointer text-muted">
            First rejected lines ({formatCount(s.rejects.length)}
            {lines.rejected > s.rejects.length ? ` of ${formatCount(lines.rejected)}` : ''})
          </summary>
          <ul className="mt-1 space-y-1 font-mono text-xs" data-testid="source-rejects">
            {s.rejects.map((r) => (
              <li key={r.line}>
                line {r.line}: {r.reason}
                {r.text && <div className="truncate text-muted">{r.text}</div>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </li>
  );
}
