'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { withQuery } from '../data/api';
import { useLines } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { formatCount } from '../ui/format';
import { StateMessage } from '../ui/state-message';
import { filterKeys, type SetViewState, type ViewState } from '../incident/view-state';
import { LineSummary } from './line-row';
import { LineDetail } from './related-lines';
import { LineFilters } from './line-filters';

/**
 * The requests or error-log events behind the selection, in time order. Only the rows on screen are
 * rendered and pages load as the list scrolls, so 100,000 rows scroll smoothly.
 */
export function LinesView({ id, sel, version, view, setView }: { id: string; sel: ViewSelection; version: DataVersion; view: ViewState; setView: SetViewState }) {
  const lines = useLines(id, sel, view.kind, version, view.failed);
  const noun = view.kind === 'events' ? 'error-log events' : view.failed ? 'failed requests' : 'requests';
  // The same selection as a text file of the raw lines, for a ticket or the upstream's owners.
  const rawHref = withQuery(`/api/incidents/${id}/lines/raw`, { ...sel, kind: view.kind, failed: view.failed && view.kind === 'requests' ? 'true' : null });
  const rows = lines.data?.pages.flatMap((p) => p.rows) ?? [];
  const total = lines.data?.pages[0]?.total ?? 0;
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is the library's documented hook
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => 36,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = lines;
  useEffect(() => {
    if (lastIndex >= rows.length - 50 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <section className="space-y-3" data-testid="lines-view">
      <LineFilters key={filterKeys.map((k) => view[k] ?? '').join('|')} view={view} setView={setView} />
      {lines.isPending && <StateMessage kind="loading">Loading lines…</StateMessage>}
      {lines.error && <StateMessage kind="error">Could not load lines: {lines.error.message}</StateMessage>}
      {lines.data && total === 0 && <StateMessage kind="empty">No {noun} in this selection.</StateMessage>}
      {total > 0 && (
        <>
          <p className="flex gap-3 text-sm text-muted">
            <span data-testid="lines-total">{formatCount(total)} {noun}</span>
            <a className="text-accent hover:underline" href={rawHref} download data-testid="download-lines">Download these lines</a>
          </p>
          <div ref={scroller} className="h-[70vh] overflow-auto rounded-lg border border-border bg-panel text-sm" data-testid="lines-scroller">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rows[item.index];
                const key = row ? `${row.sourceId}:${row.line}` : `loading-${item.index}`;
                return (
                  <div
                    key={key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    className="absolute left-0 right-0 border-b border-border px-3 py-1.5"
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    {row ? (
                      <>
                        <button type="button" className="w-full text-left" data-testid="line-row" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
                          <LineSummary row={row} zone={view.tz} />
                        </button>
                        {open === key && <LineDetail id={id} row={row} zone={view.tz} />}
                      </>
                    ) : (
                      <span className="text-muted">Loading…</span>
                    )}
                  </div>
                );
              })}
            </div>
          </div>
        </>
      )}
    </section>
  );
}
