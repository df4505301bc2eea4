import type { DiagnosisStep } from '@/lib/analysis/diagnosis-schema';

/** The wizard: the four runbook checks, then the conclusion. */
export const wizardSteps = ['upstream_status', 'server_logs', 'network', 'configuration', 'conclusion'] as const;
export type WizardStep = (typeof wizardSteps)[number];

export const statusText: Record<DiagnosisStep['status'], string> = {
  problem_found: 'problem found',
  looks_fine: 'looks fine',
  not_enough_evidence: 'not enough evidence',
};
export const statusTone: Record<DiagnosisStep['status'], string> = {
  problem_found: 'bg-bad text-white',
  looks_fine: 'bg-good text-white',
  not_enough_evidence: 'bg-border text-text',
};
