'use client';

import type { UpstreamSummary } from '@/lib/analysis/schema';
import type { StoredProbe } from '@/lib/store/probe-rows';
import { ProbeNow } from '../probes/probe-now';
import { causeLabel, formatCount, formatMs, formatRate, formatTime, type Zone } from '../ui/format';

type Column = { key: string; label: string; value: (u: UpstreamSummary) => number | string; numeric?: boolean; title?: string };

const r502 = (u: UpstreamSummary) => (u.attempts ? (u.outcomes['502'] ?? 0) / u.attempts : 0);

/** The sortable columns; `sort` in the URL is a key, with "-" for ascending. */
export const columns: Column[] = [
  { key: 'pool', label: 'Pool', value: (u) => u.pool ?? '' },
  { key: 'server', label: 'Server', value: (u) => u.server ?? '' },
  { key: 'attempts', label: 'Attempts', value: (u) => u.attempts, numeric: true },
  { key: 'failed', label: 'Failed', value: (u) => u.failed, numeric: true },
  { key: 'hidden', label: 'Hidden by retries', value: (u) => u.hidden, numeric: true, title: 'Failed attempts inside requests that still succeeded after a retry (a response cut short after its status reached the client is not hidden: see the findings)' },
  { key: '502', label: '502s', value: (u) => u.outcomes['502'] ?? 0, numeric: true },
  { key: 'rate', label: '502 rate', value: r502, numeric: true },
  { key: 'p50', label: 'p50', value: (u) => u.latency?.p50 ?? -1, numeric: true, title: 'Upstream response time' },
  { key: 'p95', label: 'p95', value: (u) => u.latency?.p95 ?? -1, numeric: true },
  { key: 'p99', label: 'p99', value: (u) => u.latency?.p99 ?? -1, numeric: true },
];

export function sortUpstreams(rows: UpstreamSummary[], sort: string): UpstreamSummary[] {
  const ascending = sort.startsWith('-');
  const column = columns.find((c) => c.key === sort.replace(/^-/, '')) ?? columns[3]!;
  return [...rows].sort((a, b) => {
    const [x, y] = [column.value(a), column.value(b)];
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return ascending ? order : -order;
  });
}

const causeList = (causes: Record<string, number>) =>
  Object.entries(causes)
    .sort(([, a], [, b]) => b - a)
    .map(([cause, n]) => `${causeLabel(cause)} ${formatCount(n)}`)
    .join(', ');

/** Upstream servers per attempt, sortable, worst first by default; a row narrows the view to that server. */
export function UpstreamTable(props: {
  incidentId: string;
  /** Latest probe result per server. */
  probes: Map<string, StoredProbe>;
  upstreams: UpstreamSummary[];
  sort: string;
  zone: Zone;
  onSort: (sort: string) => void;
  onPick: (u: UpstreamSummary) => void;
}) {
  const { sort, zone, onSort, onPick } = props;
  const rows = sortUpstreams(props.upstreams, sort);
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-panel">
      <table className="w-full text-sm" data-testid="upstream-table">
        <thead className="text-left text-muted">
          <tr className="border-b border-border">
            {columns.map((c) => {
              const active = sort.replace(/^-/, '') === c.key;
              return (
                <th key={c.key} className={`px-3 py-2 font-medium ${c.numeric ? 'text-right' : ''}`} title={c.title} aria-sort={active ? (sort.startsWith('-') ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" className="hover:text-text" onClick={() => onSort(active && !sort.startsWith('-') ? `-${c.key}` : c.key)}>
                    {c.label}
                    {active ? (sort.startsWith('-') ? ' ↑' : ' ↓') : ''}
                  </button>
                </th>
              );
            })}
            <th className="px-3 py-2 font-medium">Causes</th>
            <th className="px-3 py-2 font-medium">First / last failure</th>
            <th className="px-3 py-2 font-medium">Probe</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((u) => {
            const count502 = u.outcomes['502'] ?? 0;
            return (
              <tr
                key={`${u.pool}|${u.server}`}
                data-testid="upstream-row"
                tabIndex={0}
                onClick={() => onPick(u)}
                onKeyDown={(e) => e.key === 'Enter' && onPick(u)}
                className="cursor-pointer border-b border-border last:border-0 hover:bg-bg focus:bg-bg focus:outline-none"
              >
                <td className="px-3 py-2" data-col="pool">{u.pool ?? '–'}</td>
                <td className="px-3 py-2 font-mono whitespace-nowrap" data-col="server">{u.server ?? '(no upstream)'}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="attempts">{formatCount(u.attempts)}</td>
                <td className={`px-3 py-2 text-right tabular-nums ${u.failed ? 'font-semibold text-bad' : ''}`} data-col="failed">{formatCount(u.failed)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="hidden">{formatCount(u.hidden)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="502">{formatCount(count502)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="502-rate">{formatRate(count502, u.attempts)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="p50">{formatMs(u.latency?.p50)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="p95">{formatMs(u.latency?.p95)}</td>
                <td className="px-3 py-2 text-right tabular-nums" data-col="p99">{formatMs(u.latency?.p99)}</td>
                <td className="min-w-56 px-3 py-2 text-muted" data-col="causes">{causeList(u.causes) || '–'}</td>
                <td className="px-3 py-2 whitespace-nowrap text-muted">
                  {u.firstFailure ? `${formatTime(u.firstFailure, zone, false)} – ${formatTime(u.lastFailure, zone, false)}` : '–'}
                </td>
                <td className="px-3 py-2" data-col="probe">
                  {u.server && /:\d+$/.test(u.server) ? <ProbeNow incidentId={props.incidentId} server={u.server} latest={props.probes.get(u.server)} /> : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
