import type { Analysis } from '../analysis/schema';
import { notFound } from '../errors';
import { diagnose } from '../diagnosis/diagnose';
import { getHeadline } from './headline';
import { getSeries } from './series';
import type { Selection, Store } from '../store/types';

/**
 * The analysis object for an incident: what `analyze --json` prints; the API returns the same parts. Each
 * source carries its first rejected lines (line, reason, text: at most 100 stored): where a file was not
 * read is part of the answer.
 */
export async function analyzeIncident(store: Store, filter: Selection): Promise<Analysis> {
  if (!(await store.getIncident({ id: filter.incidentId }))) throw notFound(`incident ${filter.incidentId}`);
  const sources = (await store.listSources({ incidentId: filter.incidentId })).filter((s) => s.state === 'done');
  const tables = await store.upstreamTables(filter);
  return {
    sources: sources.map(({ name, format, gateway, lines, from, to, confidence, envelope, notes, events, rejects }) => ({
      name, format, gateway, lines, from, to, confidence, envelope, notes, events, rejects,
    })),
    ...tables,
    headline: await getHeadline(store, filter),
    series: await getSeries(store, filter),
    diagnosis: await diagnose(store, filter),
  };
}
