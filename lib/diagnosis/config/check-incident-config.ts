import { invalidInput, notFound } from '../../errors';
import type { Store } from '../../store/types';
import { checkNginxConfig, type ConfigPoint } from './check-nginx-config';

/** A pasted configuration larger than this is refused, not read. */
const MAX_CONFIG_CHARS = 1024 * 1024;

/** Step 4 of the runbook: the incident's failures held against a pasted nginx configuration. */
export async function checkIncidentConfig(store: Store, input: { incidentId: string; config: string }): Promise<{ points: ConfigPoint[]; errors: string[] }> {
  if (!(await store.getIncident({ id: input.incidentId }))) throw notFound(`incident ${input.incidentId}`);
  if (input.config.trim() === '') throw invalidInput('paste the nginx configuration (nginx -T prints all of it)');
  if (input.config.length > MAX_CONFIG_CHARS) throw invalidInput(`configurations over ${MAX_CONFIG_CHARS / 1024} KiB are not read`);
  const { upstreams } = await store.upstreamTables({ incidentId: input.incidentId });
  const causes: Record<string, number> = {};
  for (const u of upstreams) for (const [cause, n] of Object.entries(u.causes)) causes[cause] = (causes[cause] ?? 0) + n;
  const p99s = upstreams.map((u) => u.latency?.p99 ?? null).filter((v): v is number => v !== null);
  return checkNginxConfig(input.config, { causes, p99Ms: p99s.length ? Math.max(...p99s) : null });
}
