'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { DiagnosisStep, Finding } from '@/lib/analysis/diagnosis-schema';
import type { WizardNote } from '@/lib/store/types';
import { ConfigCheck } from './config-check';
import { StepConclusion } from './step-conclusion';
import { EvidenceLinks } from '../diagnosis/evidence-links';
import { CommandsBlock } from '../ui/commands-block';
import { statusText, statusTone, type WizardStep } from './wizard-steps';

/** What would decide a check that the evidence does not. */
const decides: Record<DiagnosisStep['id'], string> = {
  upstream_status: 'Probe results of the servers (upload them, or "Probe now" in the upstream table) would say whether they were up.',
  server_logs: "The upstream service's own logs for the window (journalctl, the application log) would say what it did.",
  network: 'A connection test from the gateway host (curl, ss, dig with the commands of a finding) would show the path.',
  configuration: 'Paste the gateway configuration below: the settings that make these failures likely are pointed out.',
};

interface StepViewProps {
  id: string;
  step: WizardStep;
  steps: DiagnosisStep[];
  findings: Finding[];
  notes: WizardNote[];
  /** The report of what the engineer has selected (range and filters). */
  reportHref: string;
}

/** One open step: its status and why, the findings that belong to it with their evidence, and the engineer's conclusion. */
export function StepView({ id, step, steps, findings, notes, reportHref }: StepViewProps) {
  const conclusion = <StepConclusion key={`${step}-${notes.find((n) => n.step === step)?.updatedAt ?? 0}`} id={id} step={step} notes={notes} />;
  if (step === 'conclusion') return <ConclusionView steps={steps} findings={findings} notes={notes} reportHref={reportHref}>{conclusion}</ConclusionView>;
  const evaluated = steps.find((s) => s.id === step);
  if (!evaluated) return null;
  const own = findings.filter((f) => f.step === step);
  const otherEvidence = evaluated.evidence.filter((link) => !own.some((f) => f.evidence.lines === link));
  return (
    <div className="space-y-2 rounded-md border border-border p-2 text-sm" data-testid={`step-${step}`}>
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{evaluated.title}</span>
        <span className={`rounded px-1.5 text-xs ${statusTone[evaluated.status]}`}>{statusText[evaluated.status]}</span>
      </div>
      {evaluated.summary !== own[0]?.sentence && <p className="text-muted">{evaluated.summary}</p>}
      {evaluated.status === 'not_enough_evidence' && <p className="text-xs">{decides[step]}</p>}
      {own.map((f, i) => (
        <div key={i} className="space-y-1 border-l-2 border-bad pl-2 text-xs" data-testid="step-finding">
          <p>{f.sentence}</p>
          <EvidenceLinks finding={f} testIds={{ lines: 'step-evidence-lines', probes: 'step-evidence-probe-results' }} />
          {f.next.length > 0 && <CommandsBlock commands={f.next} testId="step-commands" />}
        </div>
      ))}
      {otherEvidence.map((link) => (
        <Link key={link} prefetch={false} className="block text-xs text-accent hover:underline" href={link} data-testid="step-evidence-probes">The probes&apos; window on the chart</Link>
      ))}
      {step === 'configuration' && <ConfigCheck id={id} />}
      {conclusion}
    </div>
  );
}

function ConclusionView({ steps, findings, notes, reportHref, children }: { steps: DiagnosisStep[]; findings: Finding[]; notes: WizardNote[]; reportHref: string; children: ReactNode }) {
  return (
    <div className="space-y-2 rounded-md border border-border p-2 text-sm" data-testid="step-conclusion">
      <span className="font-medium">Conclusion</span>
      <p className="text-muted">{findings[0] ? `The evidence points first to: ${findings[0].sentence}` : 'No failing upstream in this selection.'}</p>
      <ul className="space-y-0.5 text-xs" data-testid="conclusion-checks">
        {steps.map((s) => {
          const note = notes.find((n) => n.step === s.id);
          return (
            <li key={s.id}>
              {s.title}: <span className="font-medium">{statusText[s.status]}</span>
              {note ? `; ${note.conclusion.replace('_', ' ')} by ${note.author}` : '; not yet concluded'}
            </li>
          );
        })}
      </ul>
      {children}
      <a className="text-xs text-accent hover:underline" href={reportHref} data-testid="open-report">Open the report</a>
    </div>
  );
}
