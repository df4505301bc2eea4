import { storeOfIncident } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { uploadResponse } from '@/app/_server/upload';

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    return Response.json({ sources: await (await storeOfIncident(id)).listSources({ incidentId: id }) });
  });
}

/**
 * A raw body (one log or probe file, plain or gzip, or pushed lines: newline-delimited text or JSON) or a
 * multipart body of several files, streamed into the store as it arrives.
 */
export async function POST(request: Request, { params }: Context) {
  return handle(request, async () => uploadResponse(request, (await params).id, 'auto'));
}
