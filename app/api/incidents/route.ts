import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { CreateIncidentBody } from './schema';

export async function GET(request: Request) {
  return handle(request, async () => Response.json({ incidents: await (await getStore()).listIncidents() }));
}

export async function POST(request: Request) {
  return handle(request, async () => {
    const body = CreateIncidentBody.parse(await request.json().catch(() => ({})));
    const incident = await (await getStore()).createIncident(body);
    return Response.json({ id: incident.id, url: `/incidents/${incident.id}`, incident }, { status: 201 });
  });
}
