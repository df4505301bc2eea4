'use client';

import { useTopFailures } from '../data/hooks';
import type { DataVersion, ViewSelection } from '../data/incident-keys';
import { formatCount } from '../ui/format';
import type { SetViewState } from './view-state';

/** The hosts and paths that failed most in the selection; clicking one narrows the selection to it. */
export function TopFailures({ id, sel, version, setView }: { id: string; sel: ViewSelection; version: DataVersion; setView: SetViewState }) {
  const { data } = useTopFailures(id, sel, version);
  if (!data) return null;
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid="top-failures">
      {(['hosts', 'paths'] as const).map((dimension) => (
        <section key={dimension} className="rounded-lg border border-border bg-panel p-3 text-sm">
          <h3 className="mb-2 font-medium">Top {dimension} of the failures</h3>
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
                    onClick={() => void setView(dimension === 'hosts' ? { host: row.value } : { path: row.value })}
                  >
                    {row.value ?? '(not logged)'}
                  </button>
                  <span className="tabular-nums">{formatCount(row.failed)}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
