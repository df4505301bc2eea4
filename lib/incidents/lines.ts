import type { LinesPage } from '../analysis/schema';
import { invalidInput, notFound } from '../errors';
import type { Cursor, Selection, Store } from '../store/types';

/** A page is at most this long; the UI asks for pages as the engineer scrolls. */
export const MAX_PAGE = 1000;

export const encodeCursor = (c: Cursor) => `${c.time}:${c.sourceId}:${c.lineNo}`;

export function decodeCursor(text: string): Cursor {
  const parts = text.split(':').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isInteger(n))) throw invalidInput(`after "${text}" is not a cursor from a previous page`);
  const [time, sourceId, lineNo] = parts as [number, number, number];
  return { time, sourceId, lineNo };
}

/**
 * The lines behind a selection, in time order, a page at a time: requests with their attempts, or the
 * gateway's error-log events. Each row carries its source and line number, and the raw line.
 */
export async function getLines(
  store: Store,
  sel: Selection & { kind: 'requests' | 'events'; after?: string; limit?: number; failedOnly?: boolean },
): Promise<LinesPage> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const limit = Math.min(Math.max(1, sel.limit ?? 200), MAX_PAGE);
  const request = { ...sel, after: sel.after ? decodeCursor(sel.after) : null, limit };
  const page = sel.kind === 'events' ? await store.eventLines(request) : await store.requestLines(request);
  const last = page.rows.at(-1);
  const next = page.rows.length === limit && last ? encodeCursor({ time: Date.parse(last.time), sourceId: last.sourceId, lineNo: last.line }) : null;
  return { kind: sel.kind, total: page.total, rows: page.rows, next };
}
