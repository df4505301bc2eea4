import { notFound } from '../errors';
import type { Store } from '../store/types';
import { checkProbeTarget, runProbes, runWatch, type ProbeBudget } from './active';
import type { ProbeKind, ProbeResult } from './types';

export interface ProbeRequest {
  targets: string[];
  kind: ProbeKind;
  everySeconds?: number;
  forMinutes?: number;
  timeoutMs?: number;
}

/** Watches still running, per incident, so deleting an incident (or stopping the server) ends them. */
const watches = new Map<string, Set<AbortController>>();

/** Ends every watch of an incident. */
export function stopWatches(incidentId: string): void {
  for (const controller of watches.get(incidentId) ?? []) controller.abort();
  watches.delete(incidentId);
}

const store1 = (store: Store, incidentId: string, results: ProbeResult[]) =>
  store.addProbeResults({ incidentId, sourceId: null, results: results.map((result) => ({ line: null, result })) });

/**
 * Probes upstreams from this server, on request or as a bounded watch, and stores the results as the
 * incident's active probe results. Only targets the incident's data names, or the configuration allows.
 * A watch's first round answers the request; the rest arrive like any other results.
 */
export async function runIncidentProbes(
  store: Store,
  input: ProbeRequest & { incidentId: string },
  config: { allow: string; budget: ProbeBudget },
): Promise<{ results: ProbeResult[]; watch: { everySeconds: number; until: string } | null }> {
  const { incidentId } = input;
  if (!(await store.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
  const run = { incidentId, targets: input.targets, kind: input.kind, known: await store.knownTargets({ incidentId }), ...config, timeoutMs: input.timeoutMs };
  if (!input.everySeconds || !input.forMinutes) {
    const results = await runProbes(run);
    await store1(store, incidentId, results);
    return { results, watch: null };
  }
  const { everySeconds, forMinutes } = input;
  // The guard answers before the watch starts, so a refused target is a 403 to this request.
  for (const target of input.targets) await checkProbeTarget(target, { known: run.known, allow: config.allow, kind: input.kind });
  const controller = new AbortController();
  watches.set(incidentId, (watches.get(incidentId) ?? new Set()).add(controller));
  const firstRound: ProbeResult[] = [];
  let answer: (results: ProbeResult[]) => void = () => undefined;
  const answered = new Promise<ProbeResult[]>((resolve) => (answer = resolve));
  const watch = runWatch({
    ...run, everySeconds, forMinutes, signal: controller.signal,
    onResult: async (result, round) => {
      await store1(store, incidentId, [result]);
      if (round !== 1) return;
      firstRound.push(result);
      if (firstRound.length === input.targets.length) answer(firstRound);
    },
  });
  void watch.finally(() => watches.get(incidentId)?.delete(controller)).catch(() => undefined);
  // A watch refused up front (its caps, the budget) fails the request; later rounds run on in the server.
  const results = await Promise.race([answered, watch.then(() => firstRound)]);
  return { results, watch: { everySeconds, until: new Date(Date.now() + forMinutes * 60_000).toISOString() } };
}
