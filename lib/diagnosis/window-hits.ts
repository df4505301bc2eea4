import type { Hits } from '../analysis/diagnosis-schema';
import type { WindowHit } from '../store/types';

export type WindowHits = { hosts?: Hits; paths?: Hits };

/**
 * The hosts and paths per window, as each episode lists them: most failed first, in the order of their `rank`
 * (the store ranks them, ties by name), whatever order the rows came in.
 */
export function hitsOf(rows: readonly WindowHit[]): Map<number, WindowHits> {
  const out = new Map<number, WindowHits>();
  for (const row of [...rows].sort((a, b) => a.rank - b.rank)) {
    const own = out.get(row.window) ?? {};
    const key = row.kind === 'host' ? 'hosts' : 'paths';
    const hits = (own[key] ??= { top: [], distinct: row.distinct });
    hits.top.push({ value: row.value, failed: row.failed });
    out.set(row.window, own);
  }
  return out;
}
