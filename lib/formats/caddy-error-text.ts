import type { Cause } from '../diagnosis/causes';

/**
 * Caddy's reverse proxy logs the Go error text of a failed try as written by net and net/http. These are the
 * texts a real Caddy 2.6 wrote for each scripted failure (e2e/fixtures/caddy), plus the Go texts of the same
 * families it writes in other setups (connect timeouts, certificate errors). Order matters: a DNS lookup that
 * timed out is a DNS failure, not an upstream timeout.
 */
const CAUSE_RULES: readonly (readonly [RegExp, Cause])[] = [
  [/no upstreams available/, 'no_healthy_upstream'],
  [/connection refused/, 'upstream_refused'],
  [/connection reset by peer/, 'upstream_reset'],
  [/\blookup \S+|no such host/, 'dns_failure'],
  [/\btls: |\bx509: /, 'tls_failure'],
  [/timeout awaiting response headers|i\/o timeout|context deadline exceeded|Client\.Timeout/, 'upstream_timeout'],
  [/malformed HTTP|malformed MIME header/, 'invalid_response'],
  // "EOF" alone: the upstream closed before any header byte; "unexpected EOF": it closed mid-headers.
  [/(^|: )(unexpected )?EOF$/, 'upstream_closed_early'],
  // The client went away and Go cancelled the proxied request with it.
  [/context canceled/, 'client_abort'],
];

/** The cause a Go error text states, or null when none of the known texts appears. */
export function causeOfGoError(text: string): Cause | null {
  for (const [pattern, cause] of CAUSE_RULES) if (pattern.test(text)) return cause;
  return null;
}

/**
 * The upstream `host:port` an error text names: the dial target ("dial tcp 10.0.0.7:8080: connect: ...") or
 * the remote end of a broken connection ("read tcp 10.0.0.1:40874->10.0.0.7:8080: read: ..."). A failed DNS
 * lookup names the resolver ("lookup x on 10.0.0.53:53"), which is not the upstream, so it yields null.
 */
export function serverOfGoError(text: string): string | null {
  if (/\blookup /.test(text)) return null;
  const dial = /\bdial (?:tcp|udp)[46]? (\S+?): /.exec(text);
  if (dial?.[1]) return dial[1];
  const broken = /\b(?:read|write) (?:tcp|udp)[46]? \S+?->(\S+?): /.exec(text);
  return broken?.[1] ?? null;
}
