'use client';

import type { ProbeWindow } from '@/lib/probes/correlate';
import type { StoredProbe } from '@/lib/store/probe-rows';
import { formatMs, formatTime, type Zone } from '../ui/format';

/** Probes slower than this are drawn as slow. */
const SLOW_MS = 1000;

const tone = (p: StoredProbe) => (!p.ok ? 'var(--bad)' : (p.latencyMs ?? 0) > SLOW_MS ? 'var(--warn)' : 'var(--good)');

/**
 * Each server's probe results under the 502 chart, on the same time axis: up, down, slow, and where the
 * gateway's failures and the probes agree or disagree.
 */
export function ProbeTimeline(props: { servers: string[]; probes: StoredProbe[]; windows: ProbeWindow[]; from: number; to: number; zone: Zone }) {
  const { servers, probes, windows, from, to, zone } = props;
  const span = Math.max(1, to - from);
  const x = (t: number) => `${Math.min(100, Math.max(0, (100 * (t - from)) / span))}%`;
  // Probes a little before the first bucket or after the last still belong to the chart's story.
  const margin = Math.max(60_000, span / 10);
  if (servers.length === 0) return null;
  return (
    <div id="probes" className="scroll-mt-4 space-y-1 text-xs" data-testid="probe-timeline">
      <p className="font-medium">Probes per server (green up, amber slow, red down; band: gateway failing while probes agree or disagree)</p>
      {servers.map((server) => {
        const all = probes.filter((p) => p.server === server);
        // Probes run now against an old incident fall outside the chart: said in words, not drawn off-screen.
        const own = all.filter((p) => p.time >= from - margin && p.time <= to + margin);
        const outside = all.filter((p) => p.time < from - margin || p.time > to + margin);
        const latestOutside = outside.at(-1);
        const bands = windows.filter((w) => w.server === server);
        return (
          // Indented like the chart's plot area (its Y axis is 52 px wide, its right margin 16 px), so times line up.
          <div key={server} className="ml-[52px] mr-4" data-testid="probe-row" data-server={server}>
            <span className="block truncate font-mono text-muted" title={server}>{server}</span>
            <svg className="h-5 w-full overflow-visible rounded bg-bg" role="img" aria-label={`Probes of ${server}: ${own.filter((p) => !p.ok).length} down of ${own.length}`}>
              {bands.map((w) => (
                <rect key={`${w.from}`} x={x(w.from)} width={`${(100 * (w.to - w.from)) / span}%`} y="0" height="100%"
                  fill={w.agreement === 'agree' ? 'var(--bad)' : w.agreement === 'disagree' ? 'var(--accent)' : 'var(--muted)'} fillOpacity={0.18}
                  data-agreement={w.agreement}>
                  <title>{`${formatTime(w.from, zone)} – ${formatTime(w.to, zone, false)}: gateway failing (${w.cause ?? 'cause unknown'}), probes ${w.agreement === 'agree' ? 'agree' : w.agreement === 'disagree' ? 'succeeded: they disagree' : 'did not run'}`}</title>
                </rect>
              ))}
              {own.map((p, i) => (
                <rect key={i} x={x(p.time)} width="3" y="3" height="14" fill={tone(p)} data-ok={p.ok}>
                  <title>{`${formatTime(p.time, zone)} ${p.kind} ${p.target}: ${p.ok ? 'up' : `down (${p.error ?? 'failed'})`}${p.status ? ` ${p.status}` : ''}, ${formatMs(p.latencyMs)}${p.origin === 'active' ? ', run from here' : ''}`}</title>
                </rect>
              ))}
            </svg>
            {latestOutside && (
              <span className="block text-muted" data-testid="probes-outside">
                {outside.length} more outside the chart&apos;s range; latest {formatTime(latestOutside.time, zone)}:{' '}
                <span className={latestOutside.ok ? 'text-good' : 'text-bad'}>{latestOutside.ok ? 'up' : `down (${latestOutside.error ?? 'failed'})`}</span>
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
