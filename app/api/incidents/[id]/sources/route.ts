import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { invalidInput, notFound } from '@/lib/errors';
import { ingestSource } from '@/lib/ingest/ingest-source';
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

/** A raw body: one log file, plain or gzip, streamed into the store as it arrives. */
export async function POST(request: Request, { params }: Context) {
  return handle(async () => {
    const { id } = await params;
    const query = UploadQuery.parse(queryParams(request));
    const store = await getStore();
    if (!(await store.getIncident({ id }))) throw notFound(`incident ${id}`);
    if (!request.body) throw invalidInput('the request has no body: send the log file as the raw request body');
    const body = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
    const source = await ingestSource({ store, incidentId: id, name: query.name, format: query.format, body });
    return Response.json({ sources: [source] }, { status: 201 });
  });
}
