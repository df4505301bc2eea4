import type { Diagnosis } from '../analysis/diagnosis-schema';
import type { Headline, UpstreamSummary } from '../analysis/schema';
import { notFound } from '../errors';
import { getHeadline } from '../incidents/headline';
import type { Incident, Store, WizardNote } from '../store/types';
import { diagnose } from './diagnose';
import { groupFindings } from './group-findings';
import { timeline } from './timeline';
import { scopeText, type ReportScope } from './report-scope';
import { stepTitles } from './steps';

/** Everything the postmortem and the incident channel need, in one object. */
export interface IncidentReport {
  incident: Incident;
  /** The selection the figures are of; empty for the whole incident. */
  scope: ReportScope;
  headline: Headline;
  diagnosis: Diagnosis;
  upstreams: UpstreamSummary[];
  notes: WizardNote[];
  sources: { name: string; format: string | null; lines: number }[];
}

export async function buildReport(store: Store, incidentId: string, linkBase: string, scope: ReportScope = {}): Promise<IncidentReport> {
  const incident = await store.getIncident({ id: incidentId });
  if (!incident) throw notFound(`incident ${incidentId}`);
  const sel = { incidentId, ...scope };
  const sources = (await store.listSources({ incidentId })).filter((s) => s.state === 'done');
  return {
    incident,
    scope,
    headline: await getHeadline(store, sel),
    diagnosis: await diagnose(store, sel, linkBase),
    upstreams: (await store.upstreamTables(sel)).upstreams.filter((u) => u.failed > 0).slice(0, 20),
    notes: await store.listWizardNotes({ incidentId }),
    sources: sources.map((s) => ({ name: s.name, format: s.format, lines: s.lines.total })),
  };
}

/**
 * Text from logs and from people is untrusted: in Markdown it must not become links, HTML, emphasis, code,
 * quotes, headings, lists or table cells. Only what can do that is escaped, so an address still reads
 * 127.0.0.1:18102 and a cause upstream_refused where the report is pasted as plain text (a chat channel):
 * brackets (links and images need them), emphasis and code marks, pipes, angle brackets (entity-encoded),
 * an underscore at a word's edge (inside a word it emphasises nothing), and what would open a block at the
 * start (#, -, +, a number and a dot). Line breaks become spaces: one text, one line.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*{}[\]|~>]|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_/g, '\\$&')
    .replace(/</g, '&lt;')
    .replace(/^(\s*)((?:#{1,6}|[+-])(?=\s|$)|\d+(?=[.)](?:\s|$)))/, '$1\\$2');
}

const labels = { confirmed: 'confirmed', ruled_out: 'ruled out', unsure: 'unsure' } as const;
const stepName = (step: WizardNote['step']) => (step === 'conclusion' ? 'Conclusion' : stepTitles[step]);

/** The report as Markdown for the incident channel and the postmortem; links are absolute from `origin`. */
export function reportMarkdown(r: IncidentReport, origin: string): string {
  const h = r.headline;
  const e = escapeMarkdown;
  const lines = [
    `# ${e(r.incident.title)}`,
    '',
    `Status: ${r.incident.status}. ${e(scopeText(r.scope))}`,
    '',
    ...(r.incident.notes ? ['## Notes', '', e(r.incident.notes), ''] : []),
    `${h.requests.toLocaleString('en-US')} requests from ${h.from ?? '–'} to ${h.to ?? '–'} UTC; ${h.s502.toLocaleString('en-US')} answered 502 (first ${h.first502 ?? '–'}, last ${h.last502 ?? '–'}); 504: ${h.s504}, 503: ${h.s503}, 499: ${h.s499}. Worst pool: ${e(h.worstPool ?? 'none')}; worst server: ${e(h.worstServer ?? 'none')}.`,
    '',
    '## Findings',
    '',
    ...(r.diagnosis.findings.length
      ? groupFindings(r.diagnosis.findings, r.diagnosis.episodes).map((g, i) => {
        const f = g.findings[0]!;
        return `${i + 1}. ${e(g.summary ?? f.sentence)} (${f.confidence} confidence${g.summary ? ' in the worst' : ''}: ${e(f.reason)}) [lines](${origin}${g.evidence.lines})`;
      })
      : ['No upstream failed above its own baseline.']),
    '',
    '## Timeline',
    '',
    '| from (UTC) | to | server | pool | cause | failed / attempts |',
    '|---|---|---|---|---|---|',
    ...timeline(r.diagnosis.episodes).map((ep) => `| ${ep.from} | ${ep.to} | ${e(ep.server ?? '(no server reached)')} | ${e(ep.pool ?? '–')} | ${e(ep.cause)} | ${ep.failed} / ${ep.attempts} |`),
    '',
    '## Upstreams that failed',
    '',
    '| pool | server | attempts | failed | hidden by retries | causes |',
    '|---|---|---|---|---|---|',
    ...r.upstreams.map((u) => `| ${e(u.pool ?? '–')} | ${e(u.server ?? '(no upstream)')} | ${u.attempts} | ${u.failed} | ${u.hidden} | ${e(Object.entries(u.causes).map(([c, n]) => `${c} ${n}`).join(', '))} |`),
    '',
    '## Checks',
    '',
    ...r.diagnosis.steps.map((s) => `- **${s.title}**: ${s.status.replaceAll('_', ' ')}. ${e(s.summary)}`),
    '',
    '## Conclusions recorded',
    '',
    ...(r.notes.length
      ? r.notes.map((n) => `- ${stepName(n.step)}: ${labels[n.conclusion]} by ${e(n.author)} at ${new Date(n.updatedAt).toISOString()}${n.note ? `: ${e(n.note)}` : ''}`)
      : ['None yet.']),
    '',
    `Sources: ${r.sources.map((s) => `${e(s.name)} (${e(s.format ?? '?')}, ${s.lines} lines)`).join('; ')}. Incident: ${origin}/incidents/${r.incident.id}`,
    '',
  ];
  return lines.join('\n');
}
