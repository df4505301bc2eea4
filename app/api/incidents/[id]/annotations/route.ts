import { getStore, storeOfIncident } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { NewAnnotation } from './schema';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    return Response.json({ annotations: await (await storeOfIncident(id)).listAnnotations({ incidentId: id }) });
  });
}

/** Marks a time ("deploy", "config change") on every chart of the incident. */
export async function POST(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    const body = NewAnnotation.parse(await request.json().catch(() => ({})));
    return Response.json({ annotation: await (await getStore()).addAnnotation({ incidentId: id, ...body }) }, { status: 201 });
  });
}
