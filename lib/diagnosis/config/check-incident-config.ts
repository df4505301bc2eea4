import { invalidInput, notFound } from '../../errors';
import type { Store } from '../../store/types';
import { checkHaproxyConfig } from './check-haproxy-config';
import { checkNginxConfig, type ConfigPoint, type ObservedFailures } from './check-nginx-config';
import { detectConfigKind } from './detect-config';

/** A pasted configuration larger than this is refused, not read. */
const MAX_CONFIG_CHARS = 1024 * 1024;

export type ConfigKind = 'nginx' | 'haproxy';

/** Step 4 of the runbook: the incident's failures held against a pasted nginx or HAProxy configuration. */
export async function checkIncidentConfig(
  store: Store,
  input: { incidentId: string; config: string; kind?: ConfigKind },
): Promise<{ kind: ConfigKind; points: ConfigPoint[]; errors: string[] }> {
  if (!(await store.getIncident({ id: input.incidentId }))) throw notFound(`incident ${input.incidentId}`);
  if (input.config.trim() === '') throw invalidInput('paste the gateway configuration (nginx -T prints all of nginx\'s; HAProxy\'s is haproxy.cfg)');
  if (input.config.length > MAX_CONFIG_CHARS) throw invalidInput(`configurations over ${MAX_CONFIG_CHARS / 1024} KiB are not read`);
  const kind = input.kind ?? detectConfigKind(input.config);
  if (!kind) {
    throw invalidInput('this is neither an nginx configuration (directives ending in ";" and { } blocks) nor an HAProxy one (global, defaults, frontend, backend or listen sections); say which with ?kind=nginx or ?kind=haproxy');
  }
  const observed = await observedFailures(store, input.incidentId);
  const checked = kind === 'haproxy' ? checkHaproxyConfig(input.config, observed) : checkNginxConfig(input.config, observed);
  return { kind, ...checked };
}

async function observedFailures(store: Store, incidentId: string): Promise<ObservedFailures> {
  const { upstreams } = await store.upstreamTables({ incidentId });
  const causes: Record<string, number> = {};
  for (const u of upstreams) for (const [cause, n] of Object.entries(u.causes)) causes[cause] = (causes[cause] ?? 0) + n;
  const p99s = upstreams.map((u) => u.latency?.p99 ?? null).filter((v): v is number => v !== null);
  return { causes, p99Ms: p99s.length ? Math.max(...p99s) : null };
}
