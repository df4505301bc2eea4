import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { diagnose } from '@/lib/diagnosis/diagnose';
import { SelectionQuery } from '../../schema';

/** The diagnosis of the selection: episodes, ranked findings and the four runbook checks. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const selection = SelectionQuery.parse(queryParams(request));
    return Response.json({ diagnosis: await diagnose(await getStore(), { incidentId: id, ...selection }, `/incidents/${id}`) });
  });
}
