import { z } from 'zod';
import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { checkIncidentConfig } from '@/lib/diagnosis/config/check-incident-config';

const Query = z.object({ kind: z.enum(['nginx', 'haproxy']).optional() });

/**
 * Step 4: the gateway's configuration as the raw body (nginx -T output, or haproxy.cfg), checked against the
 * incident's failures. The kind is detected unless `?kind=` names it.
 */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const { kind } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
    return Response.json(await checkIncidentConfig(await getStore(), { incidentId: id, config: await request.text(), kind }));
  });
}
