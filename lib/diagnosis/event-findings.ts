import type { Finding } from '../analysis/diagnosis-schema';
import { differentDays, utcRange } from '../analysis/time';
import type { EventSecond } from '../store/types';
import { verbs } from './describe-episode';
import type { EvidenceLink } from './evidence-link';
import { nextCommands } from './next-commands';
import { stepOf } from './steps';

/** Events of one server and cause further apart than this belong to separate stretches. */
const GAP_MS = 60_000;

interface EventStretch {
  server: string;
  cause: string;
  from: number;
  /** Exclusive: the end of the last second with an event. */
  to: number;
  events: number;
}

/**
 * Findings from the error log alone, for a selection with no access-log requests (only the error log was
 * at hand, or the access log names no upstream). They say what the gateway logged about each server, and
 * that how many requests it cost is not known until the access log is added.
 */
export function eventFindings(rows: readonly EventSecond[], link: EvidenceLink, gateway: string | null): Finding[] {
  const stretches = stretchesOf(rows);
  const dated = stretches.length > 0 && differentDays(Math.min(...stretches.map((s) => s.from)), Math.max(...stretches.map((s) => s.to)));
  return stretches
    .sort((a, b) => b.events - a.events || a.from - b.from)
    .map((s) => findingOf(s, link, gateway, dated));
}

/** Rows in (server, cause, t) order, joined into stretches with no gap over GAP_MS. */
function stretchesOf(rows: readonly EventSecond[]): EventStretch[] {
  const stretches: EventStretch[] = [];
  let current: EventStretch | null = null;
  for (const row of rows) {
    const continues = current && current.server === row.server && current.cause === row.cause && row.t - current.to <= GAP_MS;
    if (current && continues) {
      current.to = row.t + 1000;
      current.events += row.n;
    } else {
      current = { server: row.server, cause: row.cause, from: row.t, to: row.t + 1000, events: row.n };
      stretches.push(current);
    }
  }
  return stretches;
}

function findingOf(s: EventStretch, link: EvidenceLink, gateway: string | null, dated: boolean): Finding {
  const what = verbs[s.cause] ?? s.cause.replaceAll('_', ' ');
  const entries = `${s.events.toLocaleString('en-US')} error-log ${s.events === 1 ? 'entry' : 'entries'}`;
  const range = { from: s.from, to: s.to };
  return {
    sentence: `${s.server} ${what} ${utcRange(s.from, s.to, dated)}: ${entries}; how many requests failed is not known without the access log.`,
    server: s.server,
    pool: null,
    cause: s.cause,
    from: new Date(s.from).toISOString(),
    to: new Date(s.to).toISOString(),
    confidence: s.events >= 3 ? 'medium' : 'low',
    reason: 'From the error log alone, which names the cause of each entry; the access log of the same period would count the requests it failed, and probe results would confirm it.',
    step: stepOf(s.cause),
    evidence: {
      lines: link({ tab: 'lines', kind: 'events', server: s.server, cause: s.cause, ...range }),
      chart: link(range),
      probes: 0,
    },
    next: nextCommands({ cause: s.cause, server: s.server, from: s.from, to: s.to, gateway }),
  };
}
