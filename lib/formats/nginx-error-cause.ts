import type { Cause } from '../diagnosis/causes';

/**
 * The cause an nginx error-log message states (shared/formats/README.md, "nginx error log").
 * Rules are tried in order; the first whose test matches wins. Order matters where messages overlap:
 * the resolver's own "Connection refused" is a DNS failure, not a refused upstream, and
 * "client prematurely closed" must not read as the upstream closing early.
 */
const rules: ReadonlyArray<{ test: (message: string) => boolean; cause: Cause | null }> = [
  // Context, not a failure: the server was taken out for fail_timeout after a failure already logged.
  { test: (m) => m.includes('upstream server temporarily disabled'), cause: null },
  // The gateway itself is overloaded; no upstream is to blame.
  { test: (m) => m.includes('worker_connections are not enough') || m.includes('Too many open files'), cause: null },
  { test: (m) => m.includes('could not be resolved') || m.includes(' while resolving'), cause: 'dns_failure' },
  { test: (m) => m.includes('no live upstreams'), cause: 'no_healthy_upstream' },
  { test: (m) => m.includes('SSL') && m.includes('upstream'), cause: 'tls_failure' },
  { test: (m) => m.includes('upstream timed out') || (m.includes('(110: ') && m.includes('upstream')), cause: 'upstream_timeout' },
  { test: (m) => m.includes('client prematurely closed') || m.includes('client closed'), cause: 'client_abort' },
  { test: (m) => m.includes('Connection refused') && m.includes('upstream'), cause: 'upstream_refused' },
  { test: (m) => m.includes('Connection reset by peer') && m.includes('upstream'), cause: 'upstream_reset' },
  { test: (m) => m.includes('upstream prematurely closed'), cause: 'upstream_closed_early' },
  // "upstream sent too big header / invalid header / no valid HTTP/1.0 header / invalid chunked response ...".
  { test: (m) => m.includes('upstream sent ') || m.includes('invalid chunked'), cause: 'invalid_response' },
];

const FAILURE_LEVELS = new Set(['error', 'crit', 'alert', 'emerg']);

export function causeOfMessage(message: string, level: string | null): Cause | null {
  for (const rule of rules) if (rule.test(message)) return rule.cause;
  // Another upstream failure (e.g. "113: No route to host"): a failure whose class the message does not
  // decide is `unknown`, never a guess. Messages about anything else (static files ...) are not upstream causes.
  return level !== null && FAILURE_LEVELS.has(level) && message.includes('upstream') ? 'unknown' : null;
}

/**
 * `host:port` of the upstream URL nginx names ("http://127.0.0.1:18611/dead/item/1" -> "127.0.0.1:18611").
 * Null when it has no port: that is the upstream group's name, written when no server could be chosen.
 */
export function serverOfUpstreamUrl(url: string): string | null {
  const schemeEnd = url.indexOf('://');
  const rest = schemeEnd < 0 ? url : url.slice(schemeEnd + 3);
  if (rest.startsWith('unix:')) {
    const end = rest.indexOf(':', 5);
    return end < 0 ? rest : rest.slice(0, end);
  }
  const slash = rest.indexOf('/');
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  return /:\d+$/.test(hostPort) ? hostPort : null;
}
