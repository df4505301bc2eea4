import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { getProbeView } from '@/lib/probes/probe-view';
import { SelectionQuery } from '../../schema';

/** The probe results of the selection, per server, and where they agree with the gateway's failures. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const selection = SelectionQuery.parse(queryParams(request));
    return Response.json(await getProbeView(await getStore(), { incidentId: id, ...selection }));
  });
}
