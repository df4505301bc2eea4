import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getRelatedLines } from '@/lib/incidents';

const RelatedQuery = z.object({ source: z.coerce.number().int().positive(), line: z.coerce.number().int().positive() });

/** A line and its other side: a request's error-log events, or the requests an event explains. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const { source, line } = RelatedQuery.parse(queryParams(request));
    return Response.json(await getRelatedLines(await getStore(), { incidentId: id, sourceId: source, lineNo: line }));
  });
}
