import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { checkIncidentConfig } from '@/lib/diagnosis/config/check-incident-config';

/** Step 4: the nginx configuration as the raw body (nginx -T output), checked against the incident's failures. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(async () => {
    const { id } = await params;
    return Response.json(await checkIncidentConfig(await getStore(), { incidentId: id, config: await request.text() }));
  });
}
