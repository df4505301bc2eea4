import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getLatency } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

const LatencyQuery = SelectionQuery.extend({ by: z.enum(['all', 'server']).optional() });

/** Upstream response time percentiles over time for the selection, as a whole or per server (`?by=server`). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    return Response.json(await getLatency(await getStore(), { incidentId: id, ...LatencyQuery.parse(queryParams(request)) }));
  });
}
