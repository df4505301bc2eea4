import type { IncidentStatus } from '@/lib/store/types';
import { STATUS_LABELS, STATUS_TONES } from './status-labels';

/** A status as a small coloured word, for lists. */
export function StatusBadge({ status }: { status: IncidentStatus }) {
  return <span className={`text-xs font-medium ${STATUS_TONES[status]}`} data-testid="incident-status-badge">{STATUS_LABELS[status]}</span>;
}
