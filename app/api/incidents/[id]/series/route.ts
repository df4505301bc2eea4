import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getSeries } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

const SeriesQuery = SelectionQuery.extend({
  by: z.enum(['pool', 'server', 'cause']).optional(),
  maxBuckets: z.coerce.number().int().min(10).max(2000).optional(),
});

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const query = SeriesQuery.parse(queryParams(request));
    return Response.json(await getSeries(await getStore(), { incidentId: id, ...query }));
  });
}
