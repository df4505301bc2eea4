import type { UpstreamTables } from '@/lib/analysis/schema';
import { formatCount, formatRate } from '../ui/format';

function Figure({ label, value, testId, tone }: { label: string; value: string; testId: string; tone?: string }) {
  return (
    <div className="rounded-lg border border-border bg-panel px-4 py-3">
      <div className="text-xs uppercase tracking-wide text-muted">{label}</div>
      <div className={`mt-1 text-2xl font-semibold tabular-nums ${tone ?? ''}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** Requests and 502s as the clients saw them, and the worst server by failed attempts. */
export function Headline({ tables }: { tables: UpstreamTables }) {
  const requests = tables.pools.reduce((n, p) => n + p.requests, 0);
  const count502 = tables.pools.reduce((n, p) => n + (p.statuses['502'] ?? 0), 0);
  const worst = tables.upstreams.find((u) => u.failed > 0);
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
      <Figure label="Requests" value={formatCount(requests)} testId="figure-requests" />
      <Figure label="502s (to clients)" value={formatCount(count502)} testId="figure-502" tone={count502 ? 'text-bad' : ''} />
      <Figure label="502 rate" value={formatRate(count502, requests)} testId="figure-502-rate" />
      <Figure label="Worst server" value={worst ? `${worst.server ?? '(no upstream)'}` : 'none failing'} testId="figure-worst" />
    </div>
  );
}
