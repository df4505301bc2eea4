import type { Diagnosis, DiagnosisEpisode, Finding } from '../analysis/diagnosis-schema';
import { differentDays } from '../analysis/time';
import { notFound } from '../errors';
import { bucketFor } from '../incidents/series';
import { getProbeView, type ProbeView } from '../probes/probe-view';
import type { Selection, ServerBucket, Store } from '../store/types';
import { causesDuring, findFailingStretches, withCauses, type Episode } from './episodes';
import { describeEpisode, type LogsAtHand, type Peer } from './describe-episode';
import { evaluateSteps } from './evaluate-steps';
import { evidenceLinks, type EvidenceLink } from './evidence-link';
import { eventFindings } from './event-findings';
import { groupFindings, singleGroups } from './group-findings';
import { probeStatus } from './probe-evidence';
import { nextCommands, poolCommands } from './next-commands';
import { stepOf } from './steps';
import { hitsOf, type WindowHits } from './window-hits';

/** The first findings say what their failures were for; the rest would cost a query each for little. */
const WITH_HITS = 10;

/** Enough buckets to place an outage to a few seconds on a typical incident, few enough to stay fast. */
const DIAGNOSIS_BUCKETS = 1200;

/**
 * The incident's diagnosis: episodes (which server failed, when, why), findings ranked in the engineer's
 * terms with their confidence, and the four runbook checks evaluated against the evidence.
 */
export async function diagnose(store: Store, sel: Selection, linkBase = ''): Promise<Diagnosis> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const link = evidenceLinks(linkBase, sel);
  // What does not depend on the buckets is asked for beside the selection's span: the store answers on two connections.
  const [span, tables, probes, logs] = await Promise.all([
    store.timeSpan(sel),
    // Which pool each server is in does not depend on the filters: read for the time range alone, from the rollups,
    // not from the selection's attempts (a diagnosis by a path deeper than its prefix: 339 -> 181 ms on 10M requests).
    store.upstreamTables({ incidentId: sel.incidentId, from: sel.from, to: sel.to }),
    getProbeView(store, sel),
    logsOf(store, sel.incidentId),
  ]);
  if (span.from === null || span.to === null) {
    // No requests in the selection: the error log and the probes alone may still say which server failed.
    const findings = eventFindings(await store.eventSeconds(sel), link, logs.gateway);
    const why = findings.length ? 'No access-log requests in this selection: the findings come from the error log alone.' : 'No requests in this selection.';
    return { episodes: [], findings, steps: evaluateSteps(singleGroups(findings), probeStatus(probes.probes), link, why) };
  }
  const bucketMs = Math.max(1000, bucketFor(span.to + 1 - span.from, DIAGNOSIS_BUCKETS));
  const buckets = await store.serverBuckets({ ...sel, from: sel.from ?? span.from, to: sel.to ?? span.to + 1, bucketMs });
  const poolOf = new Map(tables.upstreams.map((u) => [u.server ?? '-', u.pool]));
  const stretches = rank(findFailingStretches(buckets, bucketMs));
  const dated = differentDays(span.from, span.to);
  // The hosts and paths of the first stretches take one more pass; their causes are their buckets' (causesDuring).
  const hits = hitsOf(stretches.length === 0 ? [] : await store.windowHits({ ...sel, windows: stretches.slice(0, WITH_HITS), top: 3 }));
  const ranked = stretches.map((stretch) => {
    const { causes, hidden, cut } = causesDuring(buckets, stretch);
    return { episode: withCauses(stretch, causes), hidden: hidden - cut, cut };
  });
  const findings: Finding[] = [];
  const listed: DiagnosisEpisode[] = [];
  for (const [index, { episode, hidden, cut }] of ranked.entries()) {
    const pool = episode.server === null ? episode.pool : (poolOf.get(episode.server) ?? null);
    const poolServers = pool === null ? [] : [...poolOf].filter(([s, p]) => p === pool && s !== '-').map(([s]) => s);
    const { finding, listing } = findingOf({ episode, hidden, cut, pool, poolServers, buckets, probeWindows: probes.windows, hits: hits.get(index) ?? {}, link, logs, dated });
    findings.push(finding);
    listed.push(listing);
  }
  return { episodes: listed, findings, steps: evaluateSteps(groupFindings(findings, listed), probeStatus(probes.probes), link) };
}

interface FindingInput {
  episode: Episode;
  /** Failed attempts a later try of the same request made up for. */
  hidden: number;
  /** Failed attempts whose 2xx or 3xx had reached the client before the response broke off. */
  cut: number;
  pool: string | null;
  poolServers: string[];
  buckets: readonly ServerBucket[];
  probeWindows: ProbeView['windows'];
  hits: WindowHits;
  link: EvidenceLink;
  logs: LogsAtHand;
  /** The selection spans several days. */
  dated: boolean;
}

/** One episode as a finding (its sentence, confidence, evidence links and next commands) and as listed in `episodes`. */
function findingOf({ episode, hidden, cut, pool, poolServers, buckets, probeWindows, hits, link, logs, dated }: FindingInput): { finding: Finding; listing: DiagnosisEpisode } {
  // A pool that reached no server is judged by the probes of all its servers.
  const probed = episode.server === null ? poolServers : [episode.server];
  const windows = probeWindows.filter((w) => probed.includes(w.server) && w.from < episode.to && w.to > episode.from);
  const probeAgreement = windows.some((w) => w.agreement === 'agree') ? 'agree' : windows.some((w) => w.agreement === 'disagree') ? 'disagree' : 'no_probes';
  const peers = peersDuring(buckets, episode, poolServers.filter((s) => s !== episode.server));
  const probeError = windows.find((w) => w.probeError)?.probeError ?? null;
  const described = describeEpisode({ episode, pool, hidden, cut, probeAgreement, probeError, peers, paths: hits.paths, logs, dated });
  const who: Record<string, string> = episode.server === null ? { pool: pool ?? '-', server: '-' } : { server: episode.server };
  const evidence = {
    lines: link({ tab: 'lines', ...who, cause: episode.cause, from: episode.from, to: episode.to }),
    chart: link({ from: episode.from, to: episode.to, ...(pool && { pool }) }),
    probes: windows.length,
  };
  const when = { from: new Date(episode.from).toISOString(), to: new Date(episode.to).toISOString() };
  const next = episode.server === null
    ? poolCommands(pool, poolServers, episode.from, episode.to)
    : nextCommands({ cause: episode.cause, server: episode.server, from: episode.from, to: episode.to, gateway: logs.gateway });
  return {
    finding: { ...described, server: episode.server, pool, cause: episode.cause, ...when, step: stepOf(episode.cause), evidence, next },
    listing: {
      pool, server: episode.server, ...when, cause: episode.cause, attempts: episode.attempts, failed: episode.failed,
      confidence: described.confidence, evidence, ...(hits.hosts && { hosts: hits.hosts }), ...(hits.paths && { paths: hits.paths }),
    },
  };
}

/** What the pool's other servers did during the episode: did they carry on, or fail at the same time? */
function peersDuring(buckets: readonly ServerBucket[], window: { from: number; to: number }, servers: readonly string[]): Peer[] {
  return servers.map((server) => {
    const own = buckets.filter((b) => b.server === server && b.t >= window.from && b.t < window.to);
    return { server, attempts: own.reduce((n, b) => n + b.n, 0), failed: own.reduce((n, b) => n + b.failed, 0) };
  }).filter((peer) => peer.attempts > 0);
}

/** Most failed attempts first: the outage that hurt most leads. */
const rank = <T extends { failed: number; from: number }>(stretches: readonly T[]) =>
  [...stretches].sort((a, b) => b.failed - a.failed || a.from - b.from);

/**
 * The gateway whose logs the incident holds, when it is one (its configuration is what step 4's commands read),
 * and whether an error log is among them (what a finding of unknown cause asks for next).
 */
async function logsOf(store: Store, incidentId: string): Promise<LogsAtHand> {
  const sources = (await store.listSources({ incidentId })).filter((s) => s.state === 'done' && s.gateway !== 'probes');
  const gateways = new Set(sources.map((s) => s.gateway));
  return { gateway: gateways.size === 1 ? [...gateways][0]! : null, errorLog: sources.some((s) => (s.events ?? 0) > 0) };
}
