import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { uploadResponse } from '@/app/_server/upload';
import { getProbeView } from '@/lib/probes/probe-view';
import { SelectionQuery } from '../../schema';

type Context = { params: Promise<{ id: string }> };

/** The probe results of the selection, per server, and where they agree with the gateway's failures. */
export async function GET(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    const selection = SelectionQuery.parse(queryParams(request));
    return Response.json(await getProbeView(await getStore(), { incidentId: id, ...selection }));
  });
}

/** Probe results the engineer already has: Gateway Lens's JSON lines, CSV, Prometheus, Kubernetes events. */
export async function POST(request: Request, { params }: Context) {
  return handle(request, async () => uploadResponse(request, (await params).id, 'probes'));
}
