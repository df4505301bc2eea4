import 'server-only';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { UploadQuery } from '@/app/api/incidents/[id]/sources/schema';
import { GatewayLensError, invalidInput, type ErrorCode } from '@/lib/errors';
import { ingestUpload } from '@/lib/ingest/ingest-upload';
import { parseRedactions, REDACTIONS } from '@/lib/ingest/redaction-kinds';
import { uploadLimits } from '@/lib/ingest/upload-limits';
import { errorResponse, queryParams } from './respond';
import { getStore } from './store';

/** What this upload asked to redact, and what the server always does (GATEWAY_LENS_REDACT): an upload cannot turn that off. */
function redactionsOf(asked: string | undefined) {
  const kinds = new Set([...parseRedactions(asked, '?redact='), ...parseRedactions(process.env.GATEWAY_LENS_REDACT, 'GATEWAY_LENS_REDACT')]);
  return REDACTIONS.filter((r) => kinds.has(r));
}

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
    options: { ...query, logFormat: query.log_format, kind, redact: redactionsOf(query.redact) },
    limits: uploadLimits(process.env),
  });
  if (result.errors.length === 0) return Response.json(result, { status: 201 });
  if (result.sources.length === 0) {
    const first = result.errors[0]!;
    return errorResponse(new GatewayLensError(first.code as ErrorCode, first.message, { ...first.details, files: result.errors }));
  }
  return Response.json(result, { status: 207 });
}
