'use client';

import type { Headline } from '@/lib/analysis/schema';
import { formatCount, formatRate, formatTime, type Zone } from '../ui/format';

function Figure({ label, value, testId, tone, title }: { label: string; value: string; testId: string; tone?: string; title?: string }) {
  return (
    <div className="rounded-lg border border-border bg-panel px-3 py-2" title={title}>
      <div className="text-xs uppercase tracking-wide text-muted">{label}</div>
      <div className={`mt-1 text-base font-semibold tabular-nums [overflow-wrap:anywhere] sm:text-xl ${tone ?? ''}`} data-testid={testId}>
        {value}
      </div>
    </div>
  );
}

/** The selection at a glance: how many, how bad, which upstream, since when. */
export function HeadlineFigures({ headline: h, zone }: { headline: Headline; zone: Zone }) {
  return (
    <div className="grid grid-cols-2 gap-2 md:grid-cols-4" data-testid="headline">
      <Figure label="Requests" value={formatCount(h.requests)} testId="figure-requests" />
      <Figure label="502s (to clients)" value={formatCount(h.s502)} testId="figure-502" tone={h.s502 ? 'text-bad' : ''} />
      <Figure label="502 rate" value={formatRate(h.s502, h.requests)} testId="figure-502-rate" />
      <Figure
        label="504 / 503 / 499"
        value={`${formatCount(h.s504)} / ${formatCount(h.s503)} / ${formatCount(h.s499)}`}
        testId="figure-other"
        title={`504 gateway timeout, 503 unavailable, 499 client gave up; other 5xx: ${formatCount(h.other5xx)}`}
      />
      <Figure label="Worst pool" value={h.worstPool ?? 'none failing'} testId="figure-worst-pool" />
      <Figure label="Worst server" value={h.worstServer ?? 'none failing'} title={h.worstServer ?? undefined} testId="figure-worst" />
      <Figure label="First 502" value={h.first502 ? formatTime(h.first502, zone, false) : '–'} title={formatTime(h.first502, zone)} testId="figure-first-502" />
      <Figure label="Last 502" value={h.last502 ? formatTime(h.last502, zone, false) : '–'} title={formatTime(h.last502, zone)} testId="figure-last-502" />
    </div>
  );
}
