'use client';

import type { TopFailures as Top } from '@/lib/analysis/schema';
import { useSources, useTopFailures } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { formatCount } from '../ui/format';
import type { SetViewState } from './view-state';

type Dimension = 'hosts' | 'prefixes' | 'paths';

const TITLES: Record<Dimension, string> = { hosts: 'Top hosts of the failures', prefixes: 'Top endpoints of the failures', paths: 'Top paths of the failures' };

/**
 * The hosts and paths that failed most in the selection; clicking one narrows the selection to it. Where
 * paths carry IDs (/api/item/1001, /api/item/1003), each fails once and says little: their prefix, the
 * endpoint, is listed too, and only then.
 */
export function TopFailures({ id, sel, version, setView }: { id: string; sel: ViewSelection; version: DataVersion; setView: SetViewState }) {
  const { data } = useTopFailures(id, sel, version);
  const { data: sources } = useSources(id);
  if (!data) return null;
  const dimensions: Dimension[] = gathersPaths(data) ? ['hosts', 'prefixes', 'paths'] : ['hosts', 'paths'];
  return (
    <div className={`grid gap-3 ${dimensions.length === 3 ? 'md:grid-cols-3' : 'md:grid-cols-2'}`} data-testid="top-failures">
      {dimensions.map((dimension) => (
        <section key={dimension} className="rounded-lg border border-border bg-panel p-3 text-sm" data-testid={`top-${dimension}`}>
          <h3 className="mb-2 font-medium">{TITLES[dimension]}</h3>
          {data[dimension].length === 0 ? (
            <p className="text-muted">{dimension === 'hosts' ? 'No failures, or the log does not name hosts.' : 'No failures.'}</p>
          ) : (
            <ol className="space-y-1">
              {data[dimension].map((row) => (
                <li key={String(row.value)} className="flex justify-between gap-3">
                  <button
                    type="button"
                    className="truncate text-left font-mono text-accent hover:underline"
                    disabled={row.value === null}
                    onClick={() => void setView(dimension === 'hosts' ? { host: row.value } : dimension === 'prefixes' ? { endpoint: row.value, path: null } : { path: row.value })}
                  >
                    {row.value === null ? '(not logged)' : dimension === 'prefixes' ? `${row.value}/…` : row.value}
                  </button>
                  <span className="tabular-nums">{formatCount(row.failed)}</span>
                </li>
              ))}
            </ol>
          )}
          {dimension === 'hosts' && data.hosts.length > 0 && data.hosts.every((h) => h.value === null) && (
            <p className="mt-2 text-xs text-muted" data-testid="hosts-not-logged">
              These logs do not record the Host header ({hostHint(new Set(sources?.map((s) => s.gateway)))}).
            </p>
          )}
        </section>
      ))}
    </div>
  );
}

/** Whether some prefix gathers paths the paths list shows apart. */
const gathersPaths = (top: Top) => top.prefixes.some((p) => p.value !== null && !top.paths.some((q) => q.value === p.value));

/** How the incident's gateways log the Host header, for the hint under a hosts list with none. */
function hostHint(gateways: ReadonlySet<string | null>): string {
  const hints: string[] = [];
  if (gateways.has('nginx') || gateways.has('ingress-nginx')) hints.push('nginx: add $host to the log_format');
  if (gateways.has('haproxy')) hints.push('HAProxy: capture request header Host len 64 in the frontend, before any other capture');
  return hints.length ? hints.join('; ') : 'add it to the gateway\'s access log format';
}
