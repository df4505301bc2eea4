import { FILTER_KEYS, type Selection } from '../store/selection';

/** What a report covers: the whole incident, or the range and filters the engineer had selected. */
export type ReportScope = Omit<Selection, 'incidentId'>;

/** The report's scope in words: "the whole incident", or its range and filters. */
export function scopeText(scope: ReportScope): string {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const parts = [
    scope.from !== undefined || scope.to !== undefined ? `from ${scope.from === undefined ? 'the start' : iso(scope.from)} to ${scope.to === undefined ? 'the end' : iso(scope.to)}` : null,
    ...FILTER_KEYS.map((k) => (scope[k] === undefined ? null : `${k} ${scope[k]}`)),
  ].filter((p): p is string => p !== null);
  return parts.length ? `Covers ${parts.join(', ')}.` : 'Covers the whole incident.';
}
