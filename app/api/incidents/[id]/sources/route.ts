import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { getStore } from '@/app/_server/store';
import { errorResponse, handle, queryParams } from '@/app/_server/respond';
import { GatewayLensError, invalidInput, notFound, type ErrorCode } from '@/lib/errors';
import { ingestUpload } from '@/lib/ingest/ingest-upload';
import { UploadQuery } from './schema';

type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const store = await getStore();
    if (!(await store.getIncident({ id }))) throw notFound(`incident ${id}`);
    return Response.json({ sources: await store.listSources({ incidentId: id }) });
  });
}

/**
 * A raw body (one log file, plain or gzip, or pushed lines: newline-delimited text or JSON) or a
 * multipart body of several files, streamed into the store as it arrives.
 */
export async function POST(request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const query = UploadQuery.parse(queryParams(request));
    if (!request.body) throw invalidInput('the request has no body: send the log file as the body');
    const result = await ingestUpload({
      store: await getStore(),
      incidentId: id,
      contentType: request.headers.get('content-type'),
      body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
      options: { ...query, logFormat: query.log_format },
    });
    if (result.errors.length === 0) return Response.json(result, { status: 201 });
    if (result.sources.length === 0) {
      const first = result.errors[0]!;
      return errorResponse(new GatewayLensError(first.code as ErrorCode, first.message, { ...first.details, files: result.errors }));
    }
    // Some files were read, some were not: each says what became of it.
    return Response.json(result, { status: 207 });
  });
}
