import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';

const Params = z.object({ id: z.string().min(1), sourceId: z.coerce.number().int().positive() });

/** Removes a source and everything read from it. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; sourceId: string }> }) {
  return handle(request, async () => {
    const { id, sourceId } = Params.parse(await params);
    await (await getStore()).deleteSource({ incidentId: id, sourceId });
    return new Response(null, { status: 204 });
  });
}
