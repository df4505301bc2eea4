import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getLines } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

const LinesQuery = SelectionQuery.extend({
  kind: z.enum(['requests', 'events']).default('requests'),
  after: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** Only the requests that failed: `failed=true`. */
  failed: z.enum(['true', 'false']).optional(),
});

/** The requests (with their attempts) or error-log events behind a selection, a page at a time. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const { failed, ...query } = LinesQuery.parse(queryParams(request));
    return Response.json(await getLines(await getStore(), { incidentId: id, ...query, failedOnly: failed === 'true' }));
  });
}
