import type { SourceSummary } from '@/lib/analysis/schema';
import { formatCount, formatUtc } from '../ui/format';

export function SourceList({ sources }: { sources: SourceSummary[] }) {
  return (
    <ul className="space-y-2" data-testid="source-list">
      {sources.map((s) => (
        <li key={s.id ?? s.name} className="rounded-lg border border-border bg-panel px-4 py-3 text-sm">
          <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
            <span className="font-mono font-medium">{s.name}</span>
            <span className="text-muted">{s.format ?? 'unknown format'}</span>
            <span>
              {formatCount(s.lines.parsed)} of {formatCount(s.lines.total)} lines parsed
              {s.lines.rejected > 0 && <span className="text-warn">, {formatCount(s.lines.rejected)} rejected</span>}
            </span>
            {s.from && <span className="text-muted">{formatUtc(s.from)} → {formatUtc(s.to, false)}</span>}
            {s.state === 'failed' && <span className="text-bad">failed: {s.error}</span>}
          </div>
          {s.rejects && s.rejects.length > 0 && (
            <details className="mt-2">
              <summary className="cursor-pointer text-muted">First rejected lines</summary>
              <ul className="mt-1 space-y-1 font-mono text-xs">
                {s.rejects.slice(0, 20).map((r) => (
                  <li key={r.line}>
                    line {r.line}: {r.reason}
                    {r.text && <div className="truncate text-muted">{r.text}</div>}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
