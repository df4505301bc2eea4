'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import type { DiagnosisStep } from '@/lib/analysis/diagnosis-schema';
import { sentenceOf, type FindingGroup } from '@/lib/diagnosis/group-findings';
import type { WizardNote } from '@/lib/store/types';
import { ConfigCheck } from './config-check';
import { StepConclusion } from './step-conclusion';
import { EvidenceLinks } from '../diagnosis/evidence-links';
import { StretchesList } from '../diagnosis/stretches-list';
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
  /** The findings, a server's repeated stretches grouped as one (group-findings.ts). */
  groups: FindingGroup[];
  notes: WizardNote[];
  /** The report of what the engineer has selected (range and filters). */
  reportHref: string;
}

/** One open step: its status and why, the findings that belong to it with their evidence, and the engineer's conclusion. */
export function StepView({ id, step, steps, groups, notes, reportHref }: StepViewProps) {
  const conclusion = <StepConclusion key={`${step}-${notes.find((n) => n.step === step)?.updatedAt ?? 0}`} id={id} step={step} notes={notes} />;
  if (step === 'conclusion') return <ConclusionView steps={steps} groups={groups} notes={notes} reportHref={reportHref}>{conclusion}</ConclusionView>;
  const evaluated = steps.find((s) => s.id === step);
  if (!evaluated) return null;
  const ownGroups = groups.filter((g) => g.findings[0]!.step === step);
  const own = ownGroups.flatMap((g) => g.findings);
  const otherEvidence = evaluated.evidence.filter((link) => !own.some((f) => f.evidence.lines === link));
  return (
    <div className="space-y-2 rounded-md border border-border p-2 text-sm" data-testid={`step-${step}`}>
      <div className="flex items-center justify-between gap-2">
        <span className="font-medium">{evaluated.title}</span>
        <span className={`rounded px-1.5 text-xs ${statusTone[evaluated.status]}`}>{statusText[evaluated.status]}</span>
      </div>
      {!ownGroups.some((g) => sentenceOf(g) === evaluated.summary) && <p className="text-muted">{evaluated.summary}</p>}
      {evaluated.status === 'not_enough_evidence' && <p className="text-xs">{decides[step]}</p>}
      {ownGroups.map((group, i) => (
        <div key={i} className="space-y-1 border-l-2 border-bad pl-2 text-xs" data-testid="step-finding">
          <p>{sentenceOf(group)}</p>
          <EvidenceLinks finding={{ ...group.findings[0]!, evidence: group.evidence }} testIds={{ lines: 'step-evidence-lines', probes: 'step-evidence-probe-results' }} />
          <StretchesList group={group} />
          {group.findings[0]!.next.length > 0 && <CommandsBlock commands={group.findings[0]!.next} testId="step-commands" />}
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

function ConclusionView({ steps, groups, notes, reportHref, children }: { steps: DiagnosisStep[]; groups: FindingGroup[]; notes: WizardNote[]; reportHref: string; children: ReactNode }) {
  return (
    <div className="space-y-2 rounded-md border border-border p-2 text-sm" data-testid="step-conclusion">
      <span className="font-medium">Conclusion</span>
      <p className="text-muted">{groups[0] ? `The evidence points first to: ${sentenceOf(groups[0])}` : 'No failing upstream in this selection.'}</p>
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
