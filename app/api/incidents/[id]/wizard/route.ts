import { z } from 'zod';
import { getStore, storeOfIncident } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';

const WizardNoteBody = z.object({
  step: z.enum(['upstream_status', 'server_logs', 'network', 'configuration', 'conclusion']),
  conclusion: z.enum(['confirmed', 'ruled_out', 'unsure']),
  note: z.string().trim().max(5000).default(''),
  author: z.string().trim().min(1, 'say who concluded it').max(100),
});

type Context = { params: Promise<{ id: string }> };

/** The engineers' conclusions per runbook step, latest first. */
export async function GET(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    return Response.json({ notes: await (await storeOfIncident(id)).listWizardNotes({ incidentId: id }) });
  });
}

/** Records a conclusion (confirmed, ruled out, unsure) and a note at one step, with who made it. */
export async function POST(request: Request, { params }: Context) {
  return handle(request, async () => {
    const { id } = await params;
    const body = WizardNoteBody.parse(await request.json().catch(() => ({})));
    return Response.json({ note: await (await getStore()).saveWizardNote({ incidentId: id, ...body }) }, { status: 201 });
  });
}
