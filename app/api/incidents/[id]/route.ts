import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { notFound } from '@/lib/errors';
import { stopWatches } from '@/lib/probes/run-incident-probes';
import { UpdateIncidentBody } from '../schema';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    const incident = await (await getStore()).getIncident({ id });
    if (!incident) throw notFound(`incident ${id}`);
    return Response.json({ incident });
  });
}

export async function PATCH(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    const change = UpdateIncidentBody.parse(await request.json().catch(() => ({})));
    return Response.json({ incident: await (await getStore()).updateIncident({ id, ...change }) });
  });
}

export async function DELETE(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    stopWatches(id);
    await (await getStore()).deleteIncident({ id });
    return new Response(null, { status: 204 });
  });
}
