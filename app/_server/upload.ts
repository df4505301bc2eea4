import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { UploadQuery } from '@/app/api/incidents/[id]/sources/schema';
import { GatewayLensError, invalidInput, type ErrorCode } from '@/lib/errors';
import { ingestUpload } from '@/lib/ingest/ingest-upload';
import { uploadLimits } from '@/lib/ingest/upload-limits';
import { errorResponse, queryParams } from './respond';
import { getStore } from './store';

/**
 * One upload (raw body or multipart) into an incident, answered 201 when every file was read, 207 when
 * some were and some not (each error naming its file), and as an error when none was.
 */
export async function uploadResponse(request: Request, incidentId: string, kind: 'auto' | 'probes'): Promise<Response> {
  const query = UploadQuery.parse(queryParams(request));
  if (!request.body) throw invalidInput('the request has no body: send the file as the body');
  const result = await ingestUpload({
    store: await getStore(),
    incidentId,
    contentType: request.headers.get('content-type'),
    body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
    options: { ...query, logFormat: query.log_format, kind },
    limits: uploadLimits(process.env),
  });
  if (result.errors.length === 0) return Response.json(result, { status: 201 });
  if (result.sources.length === 0) {
    const first = result.errors[0]!;
    return errorResponse(new GatewayLensError(first.code as ErrorCode, first.message, { ...first.details, files: result.errors }));
  }
  return Response.json(result, { status: 207 });
}
