import type { ReactNode } from 'react';

/** The designed empty, loading and error states: never a blank panel. */
export function StateMessage({ kind, children }: { kind: 'loading' | 'empty' | 'error'; children: ReactNode }) {
  const tone = kind === 'error' ? 'text-bad' : 'text-muted';
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} data-testid={`state-${kind}`} className={`rounded-md border border-border bg-panel p-6 text-sm ${tone}`}>
      {kind === 'loading' && <span className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-muted align-middle" />}
      {children}
    </div>
  );
}
