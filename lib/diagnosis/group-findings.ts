import type { DiagnosisEpisode, Finding } from '../analysis/diagnosis-schema';
import { utcRange } from '../analysis/time';
import { verbs } from './describe-episode';

/** From this many stretches of one server and cause on, they are said as one: a server that keeps failing. */
export const STRETCHES_GROUPED = 3;

/** Findings of one server (or pool) and cause: a finding alone, or the stretches of a server that kept failing. */
export interface FindingGroup {
  /** Most failed attempts first; the first is the worst stretch, whose confidence, evidence and commands the group shows. */
  findings: Finding[];
  /** For several stretches: what they add up to, in one sentence. Null for a finding alone. */
  summary: string | null;
  /** Failed attempts in all of them: what the groups are ranked by. */
  failed: number;
  /** The lines and the chart of all of them: the worst stretch's links over the group's whole span. */
  evidence: Finding['evidence'];
}

/** A group's sentence: what its stretches add up to, or the finding's own. */
export const sentenceOf = (group: FindingGroup) => group.summary ?? group.findings[0]!.sentence;

/** Findings each a group of its own: error-log findings, which have no stretches to add up. */
export const singleGroups = (findings: readonly Finding[]): FindingGroup[] =>
  findings.map((finding) => ({ findings: [finding], summary: null, failed: 0, evidence: finding.evidence }));

const count = (n: number) => n.toLocaleString('en-US');

/**
 * Groups the findings of a diagnosis (in its order, which is its episodes' order) by server, pool and cause.
 * A server that failed in STRETCHES_GROUPED or more separate stretches of one cause (one that crashes and
 * restarts every few minutes) makes one group, said as "failed again and again", instead of dozens of findings
 * that push the rest out of sight; fewer stay findings of their own. Groups are ranked by failed attempts.
 */
export function groupFindings(findings: readonly Finding[], episodes: readonly DiagnosisEpisode[]): FindingGroup[] {
  // Findings from the error log alone (no access-log request in the selection) have no stretches beside them.
  if (episodes.length !== findings.length) return singleGroups(findings);
  const byKey = new Map<string, { findings: Finding[]; episodes: DiagnosisEpisode[] }>();
  findings.forEach((finding, i) => {
    const key = JSON.stringify([finding.server, finding.pool, finding.cause]);
    const group = byKey.get(key) ?? { findings: [], episodes: [] };
    group.findings.push(finding);
    group.episodes.push(episodes[i]!);
    byKey.set(key, group);
  });
  const groups: FindingGroup[] = [];
  for (const group of byKey.values()) {
    if (group.findings.length < STRETCHES_GROUPED) {
      group.findings.forEach((finding, i) => groups.push({ findings: [finding], summary: null, failed: group.episodes[i]!.failed, evidence: finding.evidence }));
    } else {
      const [from, to] = spanOf(group.episodes);
      const { evidence } = group.findings[0]!;
      groups.push({
        findings: group.findings, summary: summaryOf(group.findings[0]!, group.episodes), failed: sum(group.episodes, 'failed'),
        evidence: { ...evidence, lines: withRange(evidence.lines, from, to), chart: withRange(evidence.chart, from, to) },
      });
    }
  }
  // Stable: equal totals keep the diagnosis's order.
  return groups.sort((a, b) => b.failed - a.failed);
}

const spanOf = (episodes: readonly DiagnosisEpisode[]) =>
  [Math.min(...episodes.map((e) => Date.parse(e.from))), Math.max(...episodes.map((e) => Date.parse(e.to)))] as const;

/** An evidence link (evidence-link.ts: `base?key=value&...`) with its range set to [from, to). */
function withRange(link: string, from: number, to: number): string {
  const cut = link.indexOf('?');
  const query = new URLSearchParams(cut < 0 ? '' : link.slice(cut + 1));
  query.set('from', String(from));
  query.set('to', String(to));
  return `${cut < 0 ? link : link.slice(0, cut)}?${query.toString()}`;
}

const sum = (episodes: readonly DiagnosisEpisode[], field: 'failed' | 'attempts') => episodes.reduce((n, e) => n + e[field], 0);

/** "127.0.0.1:18111 in pool api refused connections again and again: 12 stretches from … to … UTC, …; the worst …". */
function summaryOf(worst: Finding, episodes: readonly DiagnosisEpisode[]): string {
  const where = worst.server === null ? `pool ${worst.pool ?? '(unnamed)'}` : `${worst.server}${worst.pool ? ` in pool ${worst.pool}` : ''}`;
  const what = worst.cause === 'unknown' ? 'failed' : (verbs[worst.cause] ?? worst.cause.replaceAll('_', ' '));
  const unit = worst.server === null ? 'requests' : 'attempts';
  const [from, to] = spanOf(episodes);
  const first = episodes[0]!;
  return `${where} ${what} again and again: ${count(episodes.length)} separate stretches ${utcRange(from, to)}, `
    + `${count(sum(episodes, 'failed'))} of the ${count(sum(episodes, 'attempts'))} ${unit} in them failed; `
    + `the worst ${utcRange(Date.parse(first.from), Date.parse(first.to)).replace(/^from /, '')}, ${count(first.failed)} of ${count(first.attempts)}.`;
}
