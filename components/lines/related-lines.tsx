'use client';

import type { EventLine, RequestLine } from '@/lib/analysis/schema';
import { useRelated } from '../data/hooks';
import type { Zone } from '../ui/format';
import { LineSummary } from './line-row';

/** The raw line as the gateway wrote it, and the other side: the events a request caused, or the requests an event explains. */
export function LineDetail({ id, row, zone }: { id: string; row: RequestLine | EventLine; zone: Zone }) {
  const related = useRelated(id, row.sourceId, row.line);
  const heading = row.kind === 'request' ? 'Error-log events about its failed tries' : 'Requests this event explains';
  return (
    <div className="mt-2 space-y-2 rounded-md bg-bg p-2" data-testid="line-detail">
      <pre className="overflow-x-auto whitespace-pre-wrap break-all font-mono text-xs" data-testid="raw-line">
        {row.raw ?? '(raw line not kept)'}
      </pre>
      <p className="text-xs text-muted">
        {row.source}, line {row.line}
      </p>
      <div>
        <p className="text-xs font-medium">{heading}</p>
        {related.isPending && <p className="text-xs text-muted">Looking…</p>}
        {related.data && related.data.related.length === 0 && <p className="text-xs text-muted">None found in the loaded sources.</p>}
        <ul className="space-y-1 text-xs" data-testid="related-lines">
          {related.data?.related.map((r) => (
            <li key={`${r.sourceId}:${r.line}`}>
              <LineSummary row={r} zone={zone} />
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
