import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { notFound } from '@/lib/errors';

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    const incident = await (await getStore()).getIncident({ id });
    if (!incident) throw notFound(`incident ${id}`);
    return Response.json({ incident });
  });
}
