import { probeAllowList, probeBudget } from '@/app/_server/probe-config';
import { getStore } from '@/app/_server/store';
import { handle } from '@/app/_server/respond';
import { runIncidentProbes } from '@/lib/probes/run-incident-probes';
import { RunProbesBody } from './schema';

/** Probes targets now (or as a bounded watch) from this server: TCP connect, HTTP, DNS or TLS. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const body = RunProbesBody.parse(await request.json().catch(() => ({})));
    const outcome = await runIncidentProbes(await getStore(), { incidentId: id, ...body }, { allow: probeAllowList(), budget: probeBudget() });
    return Response.json(outcome, { status: 201 });
  });
}
