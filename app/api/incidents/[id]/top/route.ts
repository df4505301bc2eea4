import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getTopFailures } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

const TopQuery = SelectionQuery.extend({ limit: z.coerce.number().int().min(1).max(50).optional() });

/** The hosts and paths of the failures in the selection. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const query = TopQuery.parse(queryParams(request));
    return Response.json(await getTopFailures(await getStore(), { incidentId: id, ...query }));
  });
}
