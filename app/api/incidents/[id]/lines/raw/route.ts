import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { exportLines } from '@/lib/incidents';
import { SelectionQuery } from '../../../schema';

const RawLinesQuery = SelectionQuery.extend({
  kind: z.enum(['requests', 'events']).default('requests'),
  failed: z.enum(['true', 'false']).optional(),
});

/** The raw lines behind the selection as a text file, streamed page by page in time order. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const { failed, ...query } = RawLinesQuery.parse(queryParams(request));
    const lines = exportLines(await getStore(), { incidentId: id, ...query, failedOnly: failed === 'true' });
    // The first page is read before answering: an unknown incident is a 404, not a broken download.
    const first = await lines.next();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(body, {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="incident-${id}-${query.kind}${failed === 'true' ? '-failed' : ''}.log"`,
      },
    });
  });
}
