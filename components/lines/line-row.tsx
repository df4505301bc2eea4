'use client';

import type { EventLine, RequestLine } from '@/lib/analysis/schema';
import { causeLabel, formatLineTime, formatMs, type Zone } from '../ui/format';

const statusTone = (status: string) => (status >= '500' || status < '100' ? 'text-bad' : status >= '400' ? 'text-warn' : 'text-good');

/** One request (with its tries) or one error-log event, with the file and line it came from. Text, never HTML. */
export function LineSummary({ row, zone }: { row: RequestLine | EventLine; zone: Zone }) {
  if (row.kind === 'event') {
    return (
      <div className="grid grid-cols-[15rem_1fr_auto] items-baseline gap-3">
        <span className="tabular-nums text-muted" data-testid="line-time">{formatLineTime(row.time, zone)}</span>
        <span className="truncate">
          <span className="mr-2 rounded bg-bg px-1 text-xs uppercase">{row.level ?? 'event'}</span>
          {row.cause && <span className="mr-2 text-bad">{causeLabel(row.cause)}</span>}
          <span className="font-mono text-xs">{row.server ?? ''}</span> {row.message}
        </span>
        <span className="text-xs text-muted">{row.source}:{row.line}</span>
      </div>
    );
  }
  return (
    <div className="grid grid-cols-[15rem_3rem_1fr_auto] items-baseline gap-3">
      <span className="tabular-nums text-muted" data-testid="line-time">{formatLineTime(row.time, zone)}</span>
      <span className={`font-semibold tabular-nums ${statusTone(row.status)}`}>{row.status}</span>
      <span className="truncate">
        <span className="font-mono">{row.method} {row.host ? `${row.host}` : ''}{row.path}</span>
        {row.pool && <span className="ml-2 text-muted">pool {row.pool}</span>}
        <span className="ml-2 text-xs">
          {row.attempts.map((a) => (
            <span key={a.seq} className={`mr-2 ${a.failed ? 'text-bad' : 'text-muted'}`}>
              {a.server ?? '(no server)'} {a.status ?? '–'}
              {a.cause ? ` ${causeLabel(a.cause)}` : ''}
              {a.responseMs !== null ? ` ${formatMs(a.responseMs)}` : ''}
            </span>
          ))}
        </span>
      </span>
      <span className="text-xs text-muted">{row.source}:{row.line}</span>
    </div>
  );
}
