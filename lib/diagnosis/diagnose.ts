import type { Diagnosis, DiagnosisEpisode, DiagnosisStep, Finding, Hits } from '../analysis/diagnosis-schema';
import { notFound } from '../errors';
import { bucketFor } from '../incidents/series';
import { getProbeView } from '../probes/probe-view';
import type { Selection, ServerBucket, Store, WindowHit } from '../store/types';
import { findFailingStretches, withCauses, type Episode } from './episodes';
import { describeEpisode, type Peer } from './describe-episode';
import { probeStatus, type ProbeStatus } from './probe-evidence';
import { nextCommands, poolCommands, stepIds, stepOf, stepTitles, type StepId } from './steps';

/** The first findings say what their failures were for; the rest would cost a query each for little. */
const WITH_HITS = 10;

/** The hosts and paths per window, as each episode lists them. */
function hitsOf(rows: readonly WindowHit[]): Map<number, { hosts?: Hits; paths?: Hits }> {
  const out = new Map<number, { hosts?: Hits; paths?: Hits }>();
  for (const row of rows) {
    const own = out.get(row.window) ?? {};
    const key = row.kind === 'host' ? 'hosts' : 'paths';
    const hits = (own[key] ??= { top: [], distinct: row.distinct });
    hits.top.push({ value: row.value, failed: row.failed });
    out.set(row.window, own);
  }
  return out;
}

/** Enough buckets to place an outage to a few seconds on a typical incident, few enough to stay fast. */
const DIAGNOSIS_BUCKETS = 1200;

/**
 * The incident's diagnosis: episodes (which server failed, when, why), findings ranked in the engineer's
 * terms with their confidence, and the four runbook checks evaluated against the evidence.
 */
export async function diagnose(store: Store, sel: Selection, linkBase = ''): Promise<Diagnosis> {
  if (!(await store.getIncident({ id: sel.incidentId }))) throw notFound(`incident ${sel.incidentId}`);
  const span = await store.timeSpan(sel);
  if (span.from === null || span.to === null) {
    // No traffic in the selection: the probes alone may still say a server is down.
    const probes = probeStatus((await getProbeView(store, sel)).probes);
    return { episodes: [], findings: [], steps: evaluateSteps([], probes, linkBase, 'No requests in this selection.') };
  }
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
  const ranked = rank(episodes);
  const hits = hitsOf(await store.windowHits({ ...sel, windows: ranked.slice(0, WITH_HITS).map((r) => r.episode), top: 3 }));
  const findings: Finding[] = [];
  const listed: DiagnosisEpisode[] = [];
  for (const [index, { episode, hidden }] of ranked.entries()) {
    const { hosts, paths } = hits.get(index) ?? {};
    const pool = episode.server === null ? episode.pool : (poolOf.get(episode.server) ?? null);
    const poolServers = pool === null ? [] : [...poolOf].filter(([s, p]) => p === pool && s !== '-').map(([s]) => s);
    // A pool that reached no server is judged by the probes of all its servers.
    const probed = episode.server === null ? poolServers : [episode.server];
    const windows = probes.windows.filter((w) => probed.includes(w.server) && w.from < episode.to && w.to > episode.from);
    const probeAgreement = windows.some((w) => w.agreement === 'agree') ? 'agree' : windows.some((w) => w.agreement === 'disagree') ? 'disagree' : 'no_probes';
    const peers = peersDuring(buckets, episode, poolServers.filter((s) => s !== episode.server));
    const finding = describeEpisode({ episode, pool, hidden, probeAgreement, probeError: windows.find((w) => w.probeError)?.probeError ?? null, peers, paths });
    const who = episode.server === null ? `pool=${encodeURIComponent(pool ?? '-')}&server=-` : `server=${encodeURIComponent(episode.server)}`;
    const lines = `${linkBase}?tab=lines&${who}&cause=${episode.cause}&from=${episode.from}&to=${episode.to}`;
    const evidence = { lines, chart: `${linkBase}?from=${episode.from}&to=${episode.to}${pool ? `&pool=${encodeURIComponent(pool)}` : ''}`, probes: windows.length };
    const when = { from: new Date(episode.from).toISOString(), to: new Date(episode.to).toISOString() };
    findings.push({
      ...finding, server: episode.server, pool, cause: episode.cause, ...when,
      step: stepOf(episode.cause), evidence,
      next: episode.server === null ? poolCommands(pool, poolServers, episode.from, episode.to) : nextCommands(episode.cause, episode.server, episode.from, episode.to),
    });
    listed.push({
      pool, server: episode.server, ...when, cause: episode.cause,
      attempts: episode.attempts, failed: episode.failed, confidence: finding.confidence, evidence, ...(hosts && { hosts }), ...(paths && { paths }),
    });
  }
  return { episodes: listed, findings, steps: evaluateSteps(findings, probeStatus(probes.probes), linkBase) };
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

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** Probes that failed, in the engineer's words, with the chart (and its probe strip) zoomed to them. */
function probeFailures(status: ProbeStatus, linkBase: string, except: ReadonlySet<string>): { text: string; evidence: string[] } {
  const failing = status.failing.filter((f) => !except.has(f.server));
  const text = failing
    .map((f) => `probes of ${f.server} failed ${f.failed} of ${f.total} times from ${clock(f.from)} to ${clock(f.to)} UTC${f.error ? ` (${f.error})` : ''}`)
    .join('; ');
  const evidence = failing.map((f) => `${linkBase}?server=${encodeURIComponent(f.server)}&from=${f.from - PROBE_MARGIN_MS}&to=${f.to + PROBE_MARGIN_MS}`);
  return { text, evidence };
}

/** Around failed probes, so the chart shows what the gateway did just before and after. */
const PROBE_MARGIN_MS = 30_000;

function evaluateSteps(findings: Finding[], probes: ProbeStatus, linkBase: string, noTraffic?: string): DiagnosisStep[] {
  return stepIds.map((id: StepId): DiagnosisStep => {
    const title = stepTitles[id];
    const own = findings.filter((f) => f.step === id);
    if (id === 'upstream_status') return upstreamStatus(own, findings.length > 0, probes, linkBase, noTraffic);
    if (own.length) return { id, title, status: 'problem_found', summary: own[0]!.sentence, evidence: own.map((f) => f.evidence.lines) };
    if (noTraffic) return { id, title, status: 'not_enough_evidence', summary: noTraffic, evidence: [] };
    return {
      id, title, status: findings.length ? 'looks_fine' : 'not_enough_evidence',
      summary: findings.length ? 'No failure in this selection points here.' : 'No failing upstream in this selection.', evidence: [],
    };
  });
}

/**
 * Step 1 weighs the findings that point at a server being down together with the probes: probes that
 * failed where no traffic failed (a server out of rotation, a pool nothing reached) are a problem too.
 */
function upstreamStatus(own: Finding[], anyFinding: boolean, probes: ProbeStatus, linkBase: string, noTraffic?: string): DiagnosisStep {
  const base = { id: 'upstream_status' as const, title: stepTitles.upstream_status };
  const named = new Set(own.flatMap((f) => (f.server === null ? [] : [f.server])));
  const extra = probeFailures(probes, linkBase, named);
  if (own.length) {
    const also = extra.text ? ` Also: ${extra.text}.` : '';
    return { ...base, status: 'problem_found', summary: own[0]!.sentence + also, evidence: [...own.map((f) => f.evidence.lines), ...extra.evidence] };
  }
  if (extra.text) {
    const why = noTraffic ? 'no request in this selection reached them' : 'the logs show no failing traffic to them: the gateway may have taken them out of rotation, or no request was sent their way';
    return { ...base, status: 'problem_found', summary: `${capitalise(extra.text)}; ${why}.`, evidence: extra.evidence };
  }
  if (probes.results > 0) {
    const servers = probes.healthy.length === 1 ? probes.healthy[0]! : `all ${probes.healthy.length} probed servers`;
    return { ...base, status: 'looks_fine', summary: `${anyFinding ? 'No failure in this selection points here, and' : 'No failing upstream here, and'} every probe of ${servers} succeeded (${probes.results} results).`, evidence: [] };
  }
  const decides = ' Probe results (upload them or run "Probe now") would confirm it.';
  if (noTraffic) return { ...base, status: 'not_enough_evidence', summary: noTraffic + decides, evidence: [] };
  return {
    ...base, status: anyFinding ? 'looks_fine' : 'not_enough_evidence',
    summary: (anyFinding ? 'No failure in this selection points here.' : 'No failing upstream in this selection.') + decides, evidence: [],
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
