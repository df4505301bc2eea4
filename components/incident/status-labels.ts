import type { IncidentStatus } from '@/lib/store/types';

/** An incident's status in words, and its colour: red while under investigation, green once resolved. */
export const STATUS_LABELS: Record<IncidentStatus, string> = { investigating: 'Investigating', mitigated: 'Mitigated', resolved: 'Resolved' };
export const STATUS_TONES: Record<IncidentStatus, string> = { investigating: 'text-bad', mitigated: 'text-warn', resolved: 'text-good' };
