import { utcRange } from '../analysis/time';
import type { Agreement } from '../probes/correlate';
import type { Hits } from '../analysis/diagnosis-schema';
import type { Episode } from './episodes';

/** What each cause means, said as the engineer would. */
export const verbs: Record<string, string> = {
  upstream_refused: 'refused connections',
  upstream_reset: 'reset connections',
  upstream_closed_early: 'closed connections before answering',
  upstream_timeout: 'was slower than the gateway waits (timeouts)',
  no_healthy_upstream: 'had no healthy server to send to',
  invalid_response: 'sent responses the gateway could not read (invalid or oversized headers)',
  tls_failure: 'failed the TLS handshake',
  dns_failure: 'could not be resolved (DNS)',
  upstream_returned_502: 'answered 502 itself',
  upstream_overload: 'was overloaded',
  client_abort: 'saw clients give up',
};

/** The logs the incident holds: which gateway wrote them (null when several did), and whether an error log is among them. */
export interface LogsAtHand {
  gateway: string | null;
  errorLog: boolean;
}

/**
 * Why the access log could not name the cause, and what would, for the gateway whose logs are at hand: the
 * engineer's next step, not a list of every gateway's. What each gateway's line leaves open is in
 * shared/formats (HAProxy writes a reset and a close before the headers both as `SH--`).
 */
function whatWouldDecide({ gateway, errorLog }: LogsAtHand): string {
  const failedNotWhy = 'The access log says the attempts failed but not why';
  if ((gateway === 'nginx' || gateway === 'ingress-nginx') && !errorLog) {
    const where = gateway === 'nginx' ? 'nginx\'s error log for the same period' : 'the ingress-nginx controller\'s own log for the same period (kubectl logs of the controller pod, where nginx writes its error lines)';
    return `${failedNotWhy}; ${where} names each failed try (refused, reset, closed early, timed out): add it beside the access log.`;
  }
  if (gateway === 'nginx' || gateway === 'ingress-nginx') {
    return `${failedNotWhy}, and no entry of the error log at hand matches them (the same server and path within the request's time). nginx writes failed tries at level error, so an error_log at crit or above leaves them out; the error log of the gateway instance that served them, or the server's own logs, would decide it.`;
  }
  if (gateway === 'haproxy') {
    return 'HAProxy\'s termination state for these attempts does not name the cause (a reset and a clean close before the response headers are both SH--); the server\'s own logs for that period, or a capture of its connections on the gateway, would decide it.';
  }
  if (gateway === 'envoy') {
    return 'Envoy\'s response flags for these attempts name no cause; %RESPONSE_CODE_DETAILS% and %UPSTREAM_TRANSPORT_FAILURE_REASON% in its access log format, or the server\'s own logs, would decide it.';
  }
  return `${failedNotWhy}; the gateway's error log for the same period, or the server's own logs, would decide it.`;
}

/** "all under /checkout/pay" or "under 12 paths, most /api/item (300), ...": which part of the site the failures hit. */
function pathsHit(paths: Hits | undefined): string | null {
  const named = paths?.top.filter((p) => p.value !== null && p.value !== '') ?? [];
  if (!paths || named.length === 0) return null;
  if (paths.distinct === 1) return `all under ${named[0]!.value}`;
  return `under ${count(paths.distinct)} paths, most ${named.map((p) => `${p.value} (${count(p.failed)})`).join(', ')}`;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Another server of the episode's pool, over the episode's window. */
export interface Peer {
  server: string;
  attempts: number;
  failed: number;
}

export interface EpisodeContext {
  episode: Episode;
  pool: string | null;
  /** Failed attempts a later try of the same request made up for: the client never saw them. */
  hidden: number;
  /** Failed attempts whose 2xx or 3xx had reached the client before the response broke off: no retry is possible then. */
  cut: number;
  probeAgreement: Agreement;
  probeError: string | null;
  /** The other servers of the same pool during the episode. */
  peers: Peer[];
  /** The paths the failures were for, when known. */
  paths?: Hits;
  /** The incident's logs: what would name a cause they leave unknown. */
  logs: LogsAtHand;
  /** The selection spans several days: times are said with their dates. */
  dated?: boolean;
}

/** A finding's sentence with its figures, and a confidence that says why. */
export function describeEpisode(c: EpisodeContext): { sentence: string; confidence: 'high' | 'medium' | 'low'; reason: string } {
  const { episode: e } = c;
  // A pool whose requests reached none of its servers: the pool is the subject, and its requests are what failed.
  const where = e.server === null ? `pool ${c.pool ?? '(unnamed)'}` : `${e.server}${c.pool ? ` in pool ${c.pool}` : ''}`;
  const unit = e.server === null ? 'requests' : 'attempts';
  const every = e.failed === e.attempts ? `every ${unit.slice(0, -1)} failed` : `${count(e.failed)} of ${count(e.attempts)} ${unit} failed`;
  const what = e.cause === 'unknown' ? 'failed' : (verbs[e.cause] ?? e.cause.replaceAll('_', ' '));
  const parts = [`${where} ${what} ${utcRange(e.from, e.to, c.dated)}: ${every}`];
  if (e.cause !== 'unknown' && e.causeShare < 1) parts.push(`${Math.round(e.causeShare * 100)}% of them ${e.cause.replaceAll('_', ' ')}`);
  if (c.hidden > 0) parts.push(c.hidden === e.failed ? 'every failure hidden from clients by a retry on another server' : `${count(c.hidden)} hidden by retries`);
  if (c.cut > 0) {
    parts.push(c.cut === e.failed ? 'every one broke off after its status had reached the client (a success cut short)' : `${count(c.cut)} broke off after their status had reached the client (successes cut short)`);
  }
  if (c.probeAgreement === 'agree') parts.push(`probes failed too${c.probeError ? ` (${c.probeError})` : ''}`);
  if (c.probeAgreement === 'disagree') parts.push('yet probes of it succeeded: look at the path from the gateway, or at what the probes do not exercise');
  const healthy = c.peers.filter((p) => p.failed === 0).length;
  if (e.server === null) {
    const failing = c.peers.filter((p) => p.failed > 0).length;
    if (c.peers.length === 0) parts.push('no request reached any of its servers meanwhile');
    else if (failing === c.peers.length) parts.push(`the ${c.peers.length === 1 ? 'server' : `${c.peers.length} servers`} it still tried failed too`);
    else parts.push(`yet ${c.peers.length - failing} of its servers answered meanwhile`);
  } else if (c.peers.length) {
    const others = c.peers.length === 1 ? 'server' : `${c.peers.length} servers`;
    parts.push(healthy === c.peers.length ? `the other ${others} of ${c.pool} stayed healthy` : `${c.peers.length - healthy} of the other ${others} of ${c.pool} failed at the same time`);
  }
  const on = pathsHit(c.paths);
  if (on) parts.push(on);
  const sentence = parts.join('; ') + '.';

  if (e.cause === 'unknown') {
    return { sentence, confidence: 'low', reason: whatWouldDecide(c.logs) };
  }
  if (e.causeShare >= 0.8 && c.probeAgreement === 'agree') {
    return { sentence, confidence: 'high', reason: `${Math.round(e.causeShare * 100)}% of the failed attempts share the cause, and probes of the server failed at the same time.` };
  }
  if (e.causeShare >= 0.8) {
    return {
      sentence,
      confidence: c.probeAgreement === 'disagree' ? 'medium' : 'high',
      reason: `${Math.round(e.causeShare * 100)}% of the failed attempts share the cause${c.probeAgreement === 'disagree' ? ', but probes from elsewhere succeeded' : ''}.`,
    };
  }
  return { sentence, confidence: 'medium', reason: `Causes are mixed (${Object.entries(e.causes).map(([k, n]) => `${k} ${n}`).join(', ')}).` };
}
