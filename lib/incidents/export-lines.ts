import { notFound } from '../errors';
import type { Cursor, LinesRequest, Selection, Store } from '../store/types';

/** Lines read per page of an export: large pages, since nobody scrolls them. */
const EXPORT_PAGE = 5000;

/**
 * The raw lines behind a selection, as the gateway wrote them, in time order: to attach to a ticket, send
 * to the team that owns the upstream, or read with the usual tools. Read a page at a time, so a selection
 * of millions of lines streams in bounded memory. A line whose text was not kept comes out as a comment
 * naming its file and line, never dropped silently.
 */
export async function* exportLines(
  store: Store,
  sel: Selection & { kind: 'requests' | 'events'; failedOnly?: boolean },
  pageSize = EXPORT_PAGE,
): AsyncGenerator<string> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  let after: Cursor | null = null;
  for (;;) {
    const request: LinesRequest = { ...sel, after, limit: pageSize, textOnly: true };
    const { rows } = sel.kind === 'events' ? await store.eventLines(request) : await store.requestLines(request);
    if (rows.length) yield rows.map((r) => r.raw ?? `# ${r.source}:${r.line}: the text of this line was not kept`).join('\n') + '\n';
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { time: Date.parse(last.time), sourceId: last.sourceId, lineNo: last.line };
  }
}
