import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getHeadline } from '@/lib/incidents';
import { SelectionQuery } from '../../schema';

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const selection = SelectionQuery.parse(queryParams(request));
    return Response.json(await getHeadline(await getStore(), { incidentId: id, ...selection }));
  });
}
