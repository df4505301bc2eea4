import { notFound } from '../errors';
import type { Store } from '../store/types';
import { runProbes, runWatch, type ProbeBudget } from './active/run-probes';
import type { ProbeKind, ProbeResult } from './types';

export interface ProbeRequest {
  targets: string[];
  kind: ProbeKind;
  everySeconds?: number;
  forMinutes?: number;
  timeoutMs?: number;
}

/**
 * Probes upstreams from this server, on request or as a bounded watch, and stores the results as the
 * incident's active probe results. Only targets the incident's data names, or the configuration allows.
 */
export async function runIncidentProbes(
  store: Store,
  input: ProbeRequest & { incidentId: string },
  config: { allow: string; budget: ProbeBudget },
): Promise<{ results: ProbeResult[]; watch: { everySeconds: number; until: string } | null }> {
  const { incidentId } = input;
  if (!(await store.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
  const run = { incidentId, targets: input.targets, kind: input.kind, known: new Set(await store.knownTargets({ incidentId })), ...config, timeoutMs: input.timeoutMs };
  const results = await runProbes(run);
  await store.addProbeResults({ incidentId, sourceId: null, results: results.map((result) => ({ line: null, result })) });
  if (!input.everySeconds || !input.forMinutes) return { results, watch: null };
  const { everySeconds, forMinutes } = input;
  // The watch runs on in the server, bounded in time and by the budget; its results arrive like any other.
  void runWatch({
    ...run, everySeconds, forMinutes,
    onResults: (round) => store.addProbeResults({ incidentId, sourceId: null, results: round.map((result) => ({ line: null, result })) }),
  }).catch((error) => console.error('gateway-lens: a probe watch stopped', error));
  return { results, watch: { everySeconds, until: new Date(Date.now() + forMinutes * 60_000).toISOString() } };
}
