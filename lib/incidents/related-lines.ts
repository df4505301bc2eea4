import type { EventLine, RequestLine } from '../analysis/schema';
import { notFound } from '../errors';
import type { Store } from '../store/types';

/** An error-log line is written when the try fails, a request line when the request ends: allow for both. */
const SLACK_MS = 2000;

const pathOf = (request: string | null) => request?.split(' ')[1] ?? null;

/**
 * The other side of a line: for a request, the gateway's error-log events about its failed tries; for an
 * event, the requests it explains. Matched on the upstream server, the request path and the time.
 */
export async function getRelatedLines(
  store: Store,
  input: { incidentId: string; sourceId: number; lineNo: number },
): Promise<{ line: RequestLine | EventLine; related: (RequestLine | EventLine)[] }> {
  const line = await store.lineAt(input);
  if (!line) throw notFound(`line ${input.lineNo} of source ${input.sourceId}`);
  if (line.kind === 'request') {
    const end = Date.parse(line.time);
    const start = end - (line.requestMs ?? 0) - SLACK_MS;
    const servers = [...new Set(line.attempts.filter((a) => a.failed && a.server).map((a) => a.server!))];
    const related: EventLine[] = [];
    for (const server of servers) {
      const { rows } = await store.eventLines({ incidentId: input.incidentId, server, from: start, to: end + SLACK_MS, after: null, limit: 50 });
      related.push(...(rows as EventLine[]).filter((e) => pathOf(e.request) === null || pathOf(e.request) === line.path));
    }
    return { line, related };
  }
  const at = Date.parse(line.time);
  const { rows } = await store.requestLines({
    incidentId: input.incidentId,
    ...(line.server ? { server: line.server } : {}),
    from: at - SLACK_MS,
    to: at + 60_000,
    after: null,
    limit: 50,
  });
  const path = pathOf(line.request);
  return { line, related: (rows as RequestLine[]).filter((r) => (path === null || r.path === path) && r.attempts.some((a) => a.failed)) };
}
