'use client';

import Link from 'next/link';
import type { DiagnosisStep, Finding } from '@/lib/analysis/diagnosis-schema';
import { useDiagnosis } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { StateMessage } from '../ui/state-message';
import { ConfigCheck } from '../wizard/config-check';
import { StepConclusion, useWizardNotes } from '../wizard/step-conclusion';

const statusText: Record<DiagnosisStep['status'], string> = {
  problem_found: 'problem found',
  looks_fine: 'looks fine',
  not_enough_evidence: 'not enough evidence',
};
const statusTone: Record<DiagnosisStep['status'], string> = {
  problem_found: 'bg-bad text-white',
  looks_fine: 'bg-good text-white',
  not_enough_evidence: 'bg-border text-text',
};
const confidenceTone = { high: 'text-bad', medium: 'text-warn', low: 'text-muted' } as const;

/** What the evidence says, ranked, and the four runbook checks already evaluated against it. */
export function DiagnosisPanel({ id, sel, version }: { id: string; sel: ViewSelection; version: DataVersion }) {
  const { data, error, isPending } = useDiagnosis(id, sel, version);
  const notes = useWizardNotes(id).data ?? [];
  if (isPending) return <StateMessage kind="loading">Diagnosing…</StateMessage>;
  if (error) return <StateMessage kind="error">Could not diagnose: {error.message}</StateMessage>;
  const { findings, steps } = data.diagnosis;
  return (
    <section className="space-y-3 rounded-lg border border-border bg-panel p-3" data-testid="diagnosis">
      <h2 className="text-lg font-semibold">Findings</h2>
      {findings.length === 0 ? (
        <p className="text-sm text-muted">No upstream failed above its own baseline in this selection.</p>
      ) : (
        <ol className="space-y-3 text-sm" data-testid="findings">
          {findings.map((f, i) => (
            <FindingItem key={i} finding={f} />
          ))}
        </ol>
      )}
      <div className="grid gap-2 md:grid-cols-4" data-testid="steps">
        {steps.map((step, i) => (
          <div key={step.id} className="rounded-md border border-border p-2 text-sm" data-testid={`step-${step.id}`}>
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium">{i + 1}. {step.title}</span>
              <span className={`rounded px-1.5 text-xs ${statusTone[step.status]}`}>{statusText[step.status]}</span>
            </div>
            <p className="mt-1 text-muted">{step.summary}</p>
            {step.id === 'configuration' && <ConfigCheck id={id} />}
            <StepConclusion key={notes.find((n) => n.step === step.id)?.updatedAt ?? 0} id={id} step={step.id} notes={notes} />
          </div>
        ))}
        <div className="rounded-md border border-border p-2 text-sm md:col-span-4" data-testid="step-conclusion">
          <span className="font-medium">5. Conclusion</span>
          <p className="text-muted">{findings[0] ? `The evidence points first to: ${findings[0].sentence}` : 'No failing upstream in this selection.'}</p>
          <StepConclusion key={notes.find((n) => n.step === 'conclusion')?.updatedAt ?? 0} id={id} step="conclusion" notes={notes} />
          <a className="text-xs text-accent hover:underline" href={`/incidents/${id}/report`} data-testid="open-report">Open the report</a>
        </div>
      </div>
    </section>
  );
}

function FindingItem({ finding: f }: { finding: Finding }) {
  return (
    <li className="space-y-1" data-testid="finding">
      <p>{f.sentence}</p>
      <p className="text-xs">
        <span className={`font-medium ${confidenceTone[f.confidence]}`}>{f.confidence} confidence</span>
        <span className="text-muted">: {f.reason}</span>
      </p>
      <p className="flex flex-wrap gap-3 text-xs">
        <Link className="text-accent hover:underline" href={f.evidence.lines} data-testid="finding-lines">The lines behind it</Link>
        <Link className="text-accent hover:underline" href={f.evidence.chart}>Zoom the chart to it</Link>
      </p>
      {f.next.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted">What to run next</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-bg p-2 font-mono">{f.next.join('\n')}</pre>
        </details>
      )}
    </li>
  );
}
