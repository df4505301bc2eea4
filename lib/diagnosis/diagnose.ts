import type { Diagnosis, DiagnosisEpisode, DiagnosisStep, Finding } from '../analysis/diagnosis-schema';
import { notFound } from '../errors';
import { bucketFor } from '../incidents/series';
import { getProbeView } from '../probes/probe-view';
import type { Selection, ServerBucket, Store } from '../store/types';
import { findFailingStretches, withCauses, type Episode } from './episodes';
import { describeEpisode, type Peer } from './describe-episode';
import { nextCommands, stepIds, stepOf, stepTitles, type StepId } from './steps';

/** Enough buckets to place an outage to a few seconds on a typical incident, few enough to stay fast. */
const DIAGNOSIS_BUCKETS = 1200;

/**
 * The incident's diagnosis: episodes (which server failed, when, why), findings ranked in the engineer's
 * terms with their confidence, and the four runbook checks evaluated against the evidence.
 */
export async function diagnose(store: Store, sel: Selection, linkBase = ''): Promise<Diagnosis> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const span = await store.timeSpan(sel);
  if (span.from === null || span.to === null) return { episodes: [], findings: [], steps: emptySteps() };
  const bucketMs = Math.max(1000, bucketFor(span.to + 1 - span.from, DIAGNOSIS_BUCKETS));
  const buckets = await store.serverBuckets({ ...sel, from: sel.from ?? span.from, to: sel.to ?? span.to + 1, bucketMs });
  const tables = await store.upstreamTables(sel);
  const poolOf = new Map(tables.upstreams.map((u) => [u.server ?? '-', u.pool]));
  const stretches = findFailingStretches(buckets, bucketMs);
  // One pass gives every stretch its causes: a query per stretch would not stay fast with dozens of them.
  const causes = await store.windowCauses({ ...sel, windows: stretches });
  const episodes = stretches.map((stretch, i) => {
    const own = causes.filter((c) => c.window === i);
    const episode = withCauses(stretch, Object.fromEntries(own.map((c) => [c.cause, c.failed])));
    return { episode, hidden: own.reduce((n, c) => n + c.hidden, 0) };
  });
  const probes = await getProbeView(store, sel);
  const findings: Finding[] = [];
  const listed: DiagnosisEpisode[] = [];
  for (const { episode, hidden } of rank(episodes)) {
    const pool = poolOf.get(episode.server) ?? null;
    const windows = probes.windows.filter((w) => w.server === episode.server && w.from < episode.to && w.to > episode.from);
    const probeAgreement = windows.some((w) => w.agreement === 'agree') ? 'agree' : windows.some((w) => w.agreement === 'disagree') ? 'disagree' : 'no_probes';
    const peers = peersDuring(buckets, episode, pool === null ? [] : [...poolOf].filter(([s, p]) => p === pool && s !== episode.server).map(([s]) => s));
    const finding = describeEpisode({ episode, pool, hidden, probeAgreement, probeError: windows.find((w) => w.probeError)?.probeError ?? null, peers });
    const lines = `${linkBase}?tab=lines&server=${encodeURIComponent(episode.server)}&cause=${episode.cause}&from=${episode.from}&to=${episode.to}`;
    const evidence = { lines, chart: `${linkBase}?from=${episode.from}&to=${episode.to}${pool ? `&pool=${encodeURIComponent(pool)}` : ''}`, probes: windows.length };
    findings.push({ ...finding, step: stepOf(episode.cause), evidence, next: nextCommands(episode.cause, episode.server, episode.from, episode.to) });
    listed.push({
      pool, server: episode.server, from: new Date(episode.from).toISOString(), to: new Date(episode.to).toISOString(), cause: episode.cause,
      attempts: episode.attempts, failed: episode.failed, confidence: finding.confidence, evidence,
    });
  }
  return { episodes: listed, findings, steps: evaluateSteps(findings, probes.probes.length > 0) };
}

/** What the pool's other servers did during the episode: did they carry on, or fail at the same time? */
function peersDuring(buckets: readonly ServerBucket[], window: { from: number; to: number }, servers: readonly string[]): Peer[] {
  return servers.map((server) => {
    const own = buckets.filter((b) => b.server === server && b.t >= window.from && b.t < window.to);
    return { server, attempts: own.reduce((n, b) => n + b.n, 0), failed: own.reduce((n, b) => n + b.failed, 0) };
  }).filter((peer) => peer.attempts > 0);
}

/** Most failed attempts first: the outage that hurt most leads. */
const rank = <T extends { episode: Episode }>(episodes: T[]) =>
  [...episodes].sort((a, b) => b.episode.failed - a.episode.failed || a.episode.from - b.episode.from);

function emptySteps(): DiagnosisStep[] {
  return stepIds.map((id) => ({ id, title: stepTitles[id], status: 'not_enough_evidence', summary: 'No requests in this selection.', evidence: [] }));
}

function evaluateSteps(findings: Finding[], haveProbes: boolean): DiagnosisStep[] {
  return stepIds.map((id: StepId): DiagnosisStep => {
    const own = findings.filter((f) => f.step === id);
    if (own.length) return { id, title: stepTitles[id], status: 'problem_found', summary: own[0]!.sentence, evidence: own.map((f) => f.evidence.lines) };
    const decides = id === 'upstream_status' && !haveProbes ? ' Probe results (upload them or run "Probe now") would confirm it.' : '';
    return {
      id,
      title: stepTitles[id],
      status: findings.length ? 'looks_fine' : 'not_enough_evidence',
      summary: findings.length ? `No failure in this selection points here.${decides}` : `No failing upstream in this selection.${decides}`,
      evidence: [],
    };
  });
}
