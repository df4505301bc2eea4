import { isIP } from 'node:net';
import { notFound } from '../errors';
import { bucketFor } from '../incidents/series';
import type { StoredProbe } from '../store/probe-rows';
import type { Selection, Store } from '../store/types';
import { correlateProbes, type ProbeWindow } from './correlate';

export interface ProbeView {
  /** The servers that have probe results, in the order of the upstream table's worst first when known. */
  servers: string[];
  probes: StoredProbe[];
  windows: ProbeWindow[];
  bucketMs: number;
}

/**
 * A result that names a bare address (a Kubernetes event's pod IP) belongs to the upstream server at
 * that address, when the logs show exactly one.
 */
function byPodAddress(probes: StoredProbe[], known: string[]): StoredProbe[] {
  const servers = new Map<string, string[]>();
  for (const server of known) {
    const match = /^\[?([^\]]+?)\]?:\d+$/.exec(server);
    if (match) servers.set(match[1]!, [...(servers.get(match[1]!) ?? []), server]);
  }
  return probes.map((p) => {
    if (p.server !== null || !isIP(p.target)) return p;
    const candidates = servers.get(p.target) ?? [];
    return candidates.length === 1 ? { ...p, server: candidates[0]! } : p;
  });
}

/** Buckets for lining probes up with failures: probes run every few seconds, so coarser than the chart's. */
const CORRELATION_BUCKETS = 400;

/** The probe results of a selection and where they agree or disagree with the gateway's failures. */
export async function getProbeView(store: Store, sel: Selection): Promise<ProbeView> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const span = await store.timeSpan({ incidentId: sel.incidentId, from: sel.from, to: sel.to });
  const listed = await store.listProbes({ incidentId: sel.incidentId, from: sel.from, to: sel.to });
  // Nothing to line up: the failures alone are not worth a pass over the attempts.
  if (listed.length === 0) return { servers: [], probes: [], windows: [], bucketMs: 1000 };
  const probes = byPodAddress(listed, await store.knownTargets({ incidentId: sel.incidentId })).filter(
    (p) => sel.server === undefined || p.server === sel.server,
  );
  const from = sel.from ?? Math.min(span.from ?? Infinity, probes[0]?.time ?? Infinity);
  const to = sel.to ?? Math.max((span.to ?? -Infinity) + 1, (probes.at(-1)?.time ?? -Infinity) + 1);
  const bucketMs = Number.isFinite(from) && Number.isFinite(to) ? Math.max(1000, bucketFor(to - from, CORRELATION_BUCKETS)) : 1000;
  const buckets = await store.serverBuckets({ ...sel, bucketMs });
  const servers = [...new Set(probes.map((p) => p.server).filter((s): s is string => s !== null))].sort();
  return { servers, probes, windows: correlateProbes(buckets, probes, bucketMs), bucketMs };
}
