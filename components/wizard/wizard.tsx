'use client';

import { useEffect, useRef } from 'react';
import type { DiagnosisStep } from '@/lib/analysis/diagnosis-schema';
import type { FindingGroup } from '@/lib/diagnosis/group-findings';
import type { WizardNote } from '@/lib/store/types';
import { withQuery } from '../data/api';
import { selectionOf, type SetViewState, type ViewState } from '../incident/view-state';
import { StepView } from './step-view';
import { statusText, statusTone, wizardSteps, type WizardStep } from './wizard-steps';


/** The open step: the URL's, else the first check that found a problem, else the first check. */
export function openStep(view: ViewState, steps: DiagnosisStep[]): WizardStep {
  return view.step ?? steps.find((s) => s.status === 'problem_found')?.id ?? 'upstream_status';
}

/**
 * The guided troubleshooting: the four runbook checks, each already evaluated, then the conclusion. One step
 * is open at a time and its id is in the URL, so a shared link opens the same step.
 */
export function Wizard(props: { id: string; steps: DiagnosisStep[]; groups: FindingGroup[]; notes: WizardNote[]; view: ViewState; setView: SetViewState }) {
  const { steps, view, setView } = props;
  const open = openStep(view, steps);
  const go = (step: WizardStep) => void setView({ step });
  const index = wizardSteps.indexOf(open);
  const section = useRef<HTMLElement>(null);
  const linkedStep = useRef(view.step);
  useEffect(() => {
    // A link that names a step opens on it: the panel beside the chart scrolls to the wizard (the page does not move).
    if (linkedStep.current && section.current) scrollPanelTo(section.current);
  }, []);
  return (
    <section ref={section} className="space-y-2" data-testid="wizard">
      <h2 className="text-lg font-semibold">Troubleshooting</h2>
      <nav role="tablist" aria-label="Runbook steps" className="grid grid-cols-3 gap-1 text-xs sm:grid-cols-5" data-testid="steps">
        {wizardSteps.map((id, i) => {
          const step = steps.find((s) => s.id === id);
          const concluded = props.notes.find((n) => n.step === id);
          return (
            <button key={id} role="tab" type="button" aria-selected={open === id} onClick={() => go(id)} data-testid={`step-tab-${id}`}
              className={`rounded border px-1 py-1 text-left ${open === id ? 'border-accent bg-bg' : 'border-border'}`}>
              <span className="block font-medium">{i + 1}. {step?.title ?? 'Conclusion'}</span>
              {step && <span className={`mt-0.5 inline-block rounded px-1 ${statusTone[step.status]}`}>{statusText[step.status]}</span>}
              {concluded && <span className="mt-0.5 block text-muted">✓ {concluded.conclusion.replace('_', ' ')}</span>}
            </button>
          );
        })}
      </nav>
      <StepView {...props} step={open} reportHref={withQuery(`/incidents/${props.id}/report`, selectionOf(view))} />
      <div className="flex justify-between text-xs">
        {index > 0 ? <button type="button" className="text-accent hover:underline" onClick={() => go(wizardSteps[index - 1]!)} data-testid="step-previous">← Previous</button> : <span />}
        {index < wizardSteps.length - 1 && (
          <button type="button" className="text-accent hover:underline" onClick={() => go(wizardSteps[index + 1]!)} data-testid="step-next">
            Next: {steps.find((s) => s.id === wizardSteps[index + 1])?.title ?? 'Conclusion'} →
          </button>
        )}
      </div>
    </section>
  );
}

/** Scrolls the scrolling panel that holds `element` (the incident page's side panel on a wide screen) so it starts there. */
function scrollPanelTo(element: HTMLElement) {
  const panel = element.closest('aside');
  if (!panel || panel.scrollHeight <= panel.clientHeight) return;
  panel.scrollTop += element.getBoundingClientRect().top - panel.getBoundingClientRect().top;
}
