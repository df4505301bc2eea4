import type { Diagnosis, DiagnosisEpisode, DiagnosisStep, Finding } from '../analysis/diagnosis-schema';
import { notFound } from '../errors';
import { bucketFor } from '../incidents/series';
import { getProbeView } from '../probes/probe-view';
import type { Selection, Store } from '../store/types';
import { findFailingStretches, withCauses, type Episode } from './episodes';
import { describeEpisode } from './describe-episode';
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
  const episodes: { episode: Episode; hidden: number }[] = [];
  for (const stretch of findFailingStretches(buckets, bucketMs)) {
    const within = await store.upstreamTables({ ...sel, server: stretch.server, from: stretch.from, to: stretch.to });
    const causes: Record<string, number> = {};
    for (const u of within.upstreams) for (const [cause, n] of Object.entries(u.causes)) causes[cause] = (causes[cause] ?? 0) + n;
    episodes.push({ episode: withCauses(stretch, causes), hidden: within.upstreams.reduce((n, u) => n + u.hidden, 0) });
  }
  const probes = await getProbeView(store, sel);
  const findings: Finding[] = [];
  const listed: DiagnosisEpisode[] = [];
  for (const { episode, hidden } of rank(episodes)) {
    const pool = poolOf.get(episode.server) ?? null;
    const windows = probes.windows.filter((w) => w.server === episode.server && w.from < episode.to && w.to > episode.from);
    const probeAgreement = windows.some((w) => w.agreement === 'agree') ? 'agree' : windows.some((w) => w.agreement === 'disagree') ? 'disagree' : 'no_probes';
    // The pool's other servers during the episode: did they carry on, or fail at the same time?
    const poolWithin = pool === null ? null : await store.upstreamTables({ ...sel, pool, from: episode.from, to: episode.to });
    const peers = (poolWithin?.upstreams ?? []).filter((u) => u.server !== episode.server);
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
