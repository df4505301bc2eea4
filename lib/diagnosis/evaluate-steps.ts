import type { DiagnosisStep, Finding } from '../analysis/diagnosis-schema';
import { utcRange } from '../analysis/time';
import type { EvidenceLink } from './evidence-link';
import { sentenceOf, type FindingGroup } from './group-findings';
import type { ProbeStatus } from './probe-evidence';
import { stepIds, stepTitles, type StepId } from './steps';

/**
 * The four runbook checks evaluated against the findings (each finding belongs to the check its cause points
 * to; a server's repeated stretches are said as their group) and, for the upstream's status, the probe
 * results. `noTraffic` says why there is nothing to judge.
 */
export function evaluateSteps(groups: readonly FindingGroup[], probes: ProbeStatus, link: EvidenceLink, noTraffic?: string): DiagnosisStep[] {
  const findings = groups.map((g) => g.findings[0]!);
  return stepIds.map((id: StepId): DiagnosisStep => {
    const title = stepTitles[id];
    const own = groups.filter((g) => g.findings[0]!.step === id);
    if (id === 'upstream_status') return upstreamStatus(own, findings, probes, link, noTraffic);
    if (own.length) return { id, title, status: 'problem_found', summary: sentenceOf(own[0]!), evidence: own.map((g) => g.evidence.lines) };
    if (noTraffic) return { id, title, status: 'not_enough_evidence', summary: noTraffic, evidence: [] };
    return {
      id, title, status: findings.length ? 'looks_fine' : 'not_enough_evidence',
      summary: findings.length ? `${pointsElsewhere(findings)}.` : 'No failing upstream in this selection.', evidence: [],
    };
  });
}

/**
 * What "looks fine" rests on: the gateway's evidence explains the failures under other checks. Said as
 * such, so it does not read as if the server's own logs had been looked at.
 */
function pointsElsewhere(findings: readonly Finding[]): string {
  const steps = stepIds.filter((id) => findings.some((f) => f.step === id)).map((id) => `${stepIds.indexOf(id) + 1}. ${stepTitles[id]}`);
  return `Nothing in the gateway's logs points here: the failures found are under ${listed(steps)}`;
}

const listed = (items: readonly string[]) => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Step 1 weighs the findings that point at a server being down together with the probes: probes that
 * failed where no traffic failed (a server out of rotation, a pool nothing reached) are a problem too.
 */
function upstreamStatus(own: readonly FindingGroup[], findings: readonly Finding[], probes: ProbeStatus, link: EvidenceLink, noTraffic?: string): DiagnosisStep {
  const base = { id: 'upstream_status' as const, title: stepTitles.upstream_status };
  const named = new Set(own.flatMap((g) => (g.findings[0]!.server === null ? [] : [g.findings[0]!.server])));
  const extra = probeFailures(probes, link, named);
  if (own.length) {
    const also = extra.text ? ` Also: ${extra.text}.` : '';
    return { ...base, status: 'problem_found', summary: sentenceOf(own[0]!) + also, evidence: [...own.map((g) => g.evidence.lines), ...extra.evidence] };
  }
  if (extra.text) {
    // Of the selection only: a filter (a path, a cause) may leave their failing traffic out.
    const why = noTraffic ? 'no request in this selection reached them' : 'no failing traffic to them in this selection: the gateway may have taken them out of rotation, or sent them none of these requests';
    return { ...base, status: 'problem_found', summary: `${capitalise(extra.text)}; ${why}.`, evidence: extra.evidence };
  }
  if (probes.results > 0) {
    const servers = probes.healthy.length === 1 ? probes.healthy[0]! : `all ${probes.healthy.length} probed servers`;
    const traffic = findings.length ? `${pointsElsewhere(findings)};` : 'No failing upstream here, and';
    return { ...base, status: 'looks_fine', summary: `${traffic} every probe of ${servers} succeeded (${probes.results} results).`, evidence: [] };
  }
  const decides = ' Probe results (upload them or run "Probe now") would confirm it.';
  if (noTraffic) return { ...base, status: 'not_enough_evidence', summary: noTraffic + decides, evidence: [] };
  return {
    ...base, status: findings.length ? 'looks_fine' : 'not_enough_evidence',
    summary: (findings.length ? `${pointsElsewhere(findings)}.` : 'No failing upstream in this selection.') + decides, evidence: [],
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Probes that failed, in the engineer's words, with the chart (and its probe strip) zoomed to them. */
function probeFailures(status: ProbeStatus, link: EvidenceLink, except: ReadonlySet<string>): { text: string; evidence: string[] } {
  const failing = status.failing.filter((f) => !except.has(f.server));
  const text = failing
    .map((f) => `probes of ${f.server} failed ${f.failed} of ${f.total} times ${utcRange(f.from, f.to)}${f.error ? ` (${f.error})` : ''}`)
    .join('; ');
  const evidence = failing.map((f) => link({ server: f.server, from: f.from - PROBE_MARGIN_MS, to: f.to + PROBE_MARGIN_MS }));
  return { text, evidence };
}

/** Around failed probes, so the chart shows what the gateway did just before and after. */
const PROBE_MARGIN_MS = 30_000;
