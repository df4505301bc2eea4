'use client';

import { parseAsBoolean, parseAsInteger, parseAsString, parseAsStringLiteral, useQueryStates } from 'nuqs';
import { FILTER_KEYS, type FilterKey, type Selection } from '@/lib/store/selection';
import { wizardSteps } from '../wizard/wizard-steps';

/**
 * Every bit of the incident view lives in the URL, so a copied link opens the same view for a colleague:
 * the range, the filters, the tab, the chart metric, the table's sort, the time zone and the wizard's step.
 */
export const viewParsers = {
  from: parseAsInteger,
  to: parseAsInteger,
  pool: parseAsString,
  server: parseAsString,
  status: parseAsString,
  cause: parseAsString,
  host: parseAsString,
  path: parseAsString,
  endpoint: parseAsString,
  tab: parseAsStringLiteral(['overview', 'lines'] as const).withDefault('overview'),
  kind: parseAsStringLiteral(['requests', 'events'] as const).withDefault('requests'),
  /** The lines view shows only the requests that failed. */
  failed: parseAsBoolean.withDefault(false),
  metric: parseAsStringLiteral(['rate', 'count'] as const).withDefault('rate'),
  sort: parseAsString.withDefault('failed'),
  tz: parseAsStringLiteral(['utc', 'local'] as const).withDefault('utc'),
  /** The wizard's open step; by default the first check that found a problem. */
  step: parseAsStringLiteral(wizardSteps),
};

export function useViewState() {
  return useQueryStates(viewParsers, { history: 'push' });
}

export type ViewState = ReturnType<typeof useViewState>[0];
export type SetViewState = ReturnType<typeof useViewState>[1];

export const filterKeys = FILTER_KEYS;
export type { FilterKey };

/** The selection the API takes, from the view state. */
export function selectionOf(view: ViewState): Omit<Selection, 'incidentId'> {
  const selection: Omit<Selection, 'incidentId'> = {};
  if (view.from !== null) selection.from = view.from;
  if (view.to !== null) selection.to = view.to;
  for (const key of filterKeys) {
    const value = view[key];
    if (value !== null) selection[key] = value;
  }
  return selection;
}
