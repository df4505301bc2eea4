import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getLatency } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

/** Upstream response time percentiles over time for the selection. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    return Response.json(await getLatency(await getStore(), { incidentId: id, ...SelectionQuery.parse(queryParams(request)) }));
  });
}
