'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { IncidentReport } from '@/lib/diagnosis/report';
import { scopeText } from '@/lib/diagnosis/report-scope';
import { timeline } from '@/lib/diagnosis/timeline';
import { apiJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';
import { formatCount, formatTime } from '../ui/format';
import { StateMessage } from '../ui/state-message';
import { STATUS_LABELS } from '../incident/status-labels';
import { CopyMarkdown } from './copy-markdown';
import { groupFindings } from '@/lib/diagnosis/group-findings';

const conclusionText = { confirmed: 'confirmed', ruled_out: 'ruled out', unsure: 'unsure' } as const;

/** The report for the postmortem: prints cleanly, exports Markdown. Log text is rendered as text. */
export function IncidentReportView({ id, scope }: { id: string; scope: string }) {
  const query = scope ? `?${scope}` : '';
  const { data: r, error, isPending } = useQuery({
    queryKey: [...incidentKeys.detail(id), 'report', scope],
    queryFn: () => apiJson<IncidentReport>(`/api/incidents/${id}/report${query}`),
  });
  if (isPending) return <StateMessage kind="loading">Writing the report…</StateMessage>;
  if (error) return <StateMessage kind="error">Could not write the report: {error.message}</StateMessage>;
  const h = r.headline;
  const markdownHref = `/api/incidents/${id}/report?${scope ? `${scope}&` : ''}format=markdown`;
  return (
    <article className="mx-auto max-w-4xl space-y-6 text-sm print:max-w-none print:text-xs" data-testid="report">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <p className="text-muted">Incident report</p>
          <h1 className="text-2xl font-semibold">{r.incident.title}</h1>
          <p data-testid="report-status">Status: {STATUS_LABELS[r.incident.status]}</p>
          <p className="text-muted" data-testid="report-scope">{scopeText(r.scope)}</p>
        </div>
        <div className="flex shrink-0 gap-3 whitespace-nowrap print:hidden">
          <Link className="text-accent hover:underline" href={`/incidents/${id}${query}`}>Back to the incident</Link>
          <CopyMarkdown href={markdownHref} />
          <a className="text-accent hover:underline" href={markdownHref} data-testid="report-markdown">Markdown</a>
          <button type="button" className="text-accent hover:underline" onClick={() => window.print()}>Print</button>
        </div>
      </header>
      <section>
        <h2 className="mb-1 text-lg font-semibold">Summary</h2>
        <p data-testid="report-summary">
          {formatCount(h.requests)} requests from {formatTime(h.from)} to {formatTime(h.to)}; {formatCount(h.s502)} answered 502 (first{' '}
          {formatTime(h.first502)}, last {formatTime(h.last502)}); 504: {formatCount(h.s504)}, 503: {formatCount(h.s503)}, 499: {formatCount(h.s499)}. Worst pool:{' '}
          {h.worstPool ?? 'none'}; worst server: {h.worstServer ?? 'none'}.
        </p>
      </section>
      {r.incident.notes && (
        <section>
          <h2 className="mb-1 text-lg font-semibold">Notes</h2>
          <p className="whitespace-pre-wrap" data-testid="report-incident-notes">{r.incident.notes}</p>
        </section>
      )}
      <section>
        <h2 className="mb-1 text-lg font-semibold">Findings</h2>
        <ol className="list-decimal space-y-2 pl-5" data-testid="report-findings">
          {groupFindings(r.diagnosis.findings, r.diagnosis.episodes).map((g, i) => (
            <li key={i}>
              {g.summary ?? g.findings[0]!.sentence}{' '}
              <span className="text-muted">({g.findings[0]!.confidence} confidence{g.summary ? ' in the worst' : ''}: {g.findings[0]!.reason})</span>{' '}
              <Link className="text-accent print:hidden" href={g.evidence.lines}>lines</Link>
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2 className="mb-1 text-lg font-semibold">Timeline</h2>
        <table className="w-full">
          <thead className="text-left text-muted"><tr><th>From</th><th>To</th><th>Server</th><th>Pool</th><th>Cause</th><th className="text-right">Failed / attempts</th></tr></thead>
          <tbody>
            {timeline(r.diagnosis.episodes).map((e, i) => (
              <tr key={i} className="border-t border-border">
                <td>{formatTime(e.from)}</td><td>{formatTime(e.to, 'utc', false)}</td><td className="font-mono">{e.server}</td><td>{e.pool ?? '–'}</td>
                <td>{e.cause.replaceAll('_', ' ')}</td><td className="text-right tabular-nums">{e.failed} / {e.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2 className="mb-1 text-lg font-semibold">Checks and conclusions</h2>
        <ul className="space-y-1">
          {r.diagnosis.steps.map((s) => (
            <li key={s.id}><span className="font-medium">{s.title}</span>: {s.status.replaceAll('_', ' ')}. <span className="text-muted">{s.summary}</span></li>
          ))}
        </ul>
        <ul className="mt-2 space-y-1" data-testid="report-notes">
          {r.notes.length === 0 && <li className="text-muted">No conclusions recorded yet.</li>}
          {r.notes.map((n, i) => (
            <li key={i}>
              {n.step.replaceAll('_', ' ')}: <span className="font-medium">{conclusionText[n.conclusion]}</span> by {n.author}, {formatTime(n.updatedAt)}
              {n.note && <span className="block whitespace-pre-wrap text-muted">{n.note}</span>}
            </li>
          ))}
        </ul>
      </section>
      <footer className="text-muted">Sources: {r.sources.map((s) => `${s.name} (${s.format ?? '?'}, ${formatCount(s.lines)} lines)`).join('; ')}</footer>
    </article>
  );
}
