'use client';

import type { UpstreamSummary } from '@/lib/analysis/schema';
import { formatCount, formatRate, formatUtc } from '../ui/format';

const causeList = (causes: Record<string, number>) =>
  Object.entries(causes)
    .sort(([, a], [, b]) => b - a)
    .map(([cause, n]) => `${cause.replaceAll('_', ' ')} ${formatCount(n)}`)
    .join(', ');

/** Upstream servers per attempt, worst first (the server sorts them). */
export function UpstreamTable({ upstreams }: { upstreams: UpstreamSummary[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-panel">
      <table className="w-full text-sm" data-testid="upstream-table">
        <thead className="text-left text-muted">
          <tr className="border-b border-border">
            <th className="px-3 py-2 font-medium">Pool</th>
            <th className="px-3 py-2 font-medium">Server</th>
            <th className="px-3 py-2 text-right font-medium">Attempts</th>
            <th className="px-3 py-2 text-right font-medium">Failed</th>
            <th className="px-3 py-2 text-right font-medium" title="Failed attempts inside requests that still succeeded after a retry">
              Hidden by retries
            </th>
            <th className="px-3 py-2 text-right font-medium">502s</th>
            <th className="px-3 py-2 text-right font-medium">502 rate</th>
            <th className="px-3 py-2 font-medium">Causes</th>
            <th className="px-3 py-2 font-medium">First / last failure</th>
          </tr>
        </thead>
        <tbody>
          {upstreams.map((u) => {
            const count502 = u.outcomes['502'] ?? 0;
            return (
              <tr key={`${u.pool}|${u.server}`} data-testid="upstream-row" className="border-b border-border last:border-0">
                <td className="px-3 py-2" data-col="pool">{u.pool ?? '–'}</td>
                <td className="px-3 py-2 font-mono" data-col="server">{u.server ?? '(no upstream)'}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="attempts">{formatCount(u.attempts)}</td>
                <td className={`px-3 py-2 text-right tabular-nums ${u.failed ? 'font-semibold text-bad' : ''}`} data-col="failed">
                  {formatCount(u.failed)}
                </td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="hidden">{formatCount(u.hidden)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="502">{formatCount(count502)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="502-rate">{formatRate(count502, u.attempts)}</td>
                <td className="px-3 py-2 text-muted" data-col="causes">{causeList(u.causes) || '–'}</td>
                <td className="px-3 py-2 whitespace-nowrap text-muted">
                  {u.firstFailure ? `${formatUtc(u.firstFailure, false)} – ${formatUtc(u.lastFailure, false)}` : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
