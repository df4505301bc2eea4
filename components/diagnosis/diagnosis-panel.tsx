'use client';

import { useState } from 'react';
import { EvidenceLinks } from './evidence-links';
import { StretchesList } from './stretches-list';
import { groupFindings, sentenceOf, type FindingGroup } from '@/lib/diagnosis/group-findings';
import { useDiagnosis } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { CommandsBlock } from '../ui/commands-block';
import { StateMessage } from '../ui/state-message';
import type { SetViewState, ViewState } from '../incident/view-state';
import { useWizardNotes } from '../wizard/step-conclusion';
import { Wizard } from '../wizard/wizard';

const confidenceTone = { high: 'text-bad', medium: 'text-warn', low: 'text-muted' } as const;

/**
 * Findings shown before "Show more": the worst few, so the wizard below them stays in sight. A long log with a
 * flapping server can make dozens, which pushed the runbook checks out of the panel.
 */
const FINDINGS_SHOWN = 3;

/** What the evidence says, ranked, and the wizard: the four runbook checks already evaluated against it. */
export function DiagnosisPanel({ id, sel, version, view, setView }: { id: string; sel: ViewSelection; version: DataVersion; view: ViewState; setView: SetViewState }) {
  const { data, error, isPending } = useDiagnosis(id, sel, version);
  const notes = useWizardNotes(id).data ?? [];
  if (isPending) return <StateMessage kind="loading">Diagnosing…</StateMessage>;
  if (error) return <StateMessage kind="error">Could not diagnose: {error.message}</StateMessage>;
  const { findings, episodes, steps } = data.diagnosis;
  // A server that failed in many separate stretches is one group, not dozens of findings.
  const groups = groupFindings(findings, episodes);
  return (
    <section className="space-y-3 rounded-lg border border-border bg-panel p-3" data-testid="diagnosis">
      <h2 className="text-lg font-semibold">Findings</h2>
      {findings.length === 0 ? (
        <p className="text-sm text-muted">No upstream failed above its own baseline in this selection.</p>
      ) : (
        <FindingList groups={groups} />
      )}
      <Wizard id={id} steps={steps} groups={groups} notes={notes} view={view} setView={setView} />
    </section>
  );
}

/** The findings, most failed attempts first (a server's repeated stretches as one): the first few, and the rest on demand. */
function FindingList({ groups }: { groups: FindingGroup[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? groups : groups.slice(0, FINDINGS_SHOWN);
  const more = groups.length - shown.length;
  return (
    <>
      <ol className="space-y-3 text-sm" data-testid="findings">
        {shown.map((group, i) => (
          <FindingItem key={i} group={group} />
        ))}
      </ol>
      {groups.length > FINDINGS_SHOWN && (
        <button type="button" className="text-xs text-accent hover:underline" onClick={() => setAll(!all)} data-testid="findings-more">
          {more > 0 ? `Show ${more} more finding${more === 1 ? '' : 's'} (${groups.length} in all, most failed attempts first)` : `Show the first ${FINDINGS_SHOWN} only`}
        </button>
      )}
    </>
  );
}

/** A finding, or a server's repeated stretches said as one with the worst one's confidence, evidence and commands. */
function FindingItem({ group }: { group: FindingGroup }) {
  const f = group.findings[0]!;
  return (
    <li className="space-y-1" data-testid="finding">
      <p>{sentenceOf(group)}</p>
      <p className="text-xs">
        <span className={`font-medium ${confidenceTone[f.confidence]}`}>{f.confidence} confidence</span>
        <span className="text-muted">: {f.reason}</span>
      </p>
      <EvidenceLinks finding={{ ...f, evidence: group.evidence }} testIds={{ lines: 'finding-lines', probes: 'finding-probe-results' }} />
      <StretchesList group={group} />
      {f.next.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted">What to run next</summary>
          <div className="mt-1"><CommandsBlock commands={f.next} /></div>
        </details>
      )}
    </li>
  );
}
