import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string; annotationId: string }> }) {
  return handle(request, async () => {
    const { id, annotationId } = await params;
    await (await getStore()).deleteAnnotation({ incidentId: id, id: annotationId });
    return new Response(null, { status: 204 });
  });
}
