import type { Cause } from '../diagnosis/causes';

/**
 * Envoy's %RESPONSE_FLAGS% to the cause taxonomy (shared/formats/README.md "Envoy and Istio", flag meanings from
 * Envoy's docs/root/configuration/observability/access_log/usage.rst). Several flags may be joined by commas;
 * URX only says retries ran out, so the cause comes from the flag beside it.
 */

/** Checked in this order: the more specific failure wins when Envoy joins several flags. */
const flagCauses: readonly (readonly [string, Cause])[] = [
  ['DF', 'dns_failure'],
  ['UH', 'no_healthy_upstream'],
  ['UO', 'upstream_overload'],
  ['UF', 'upstream_refused'],
  ['UC', 'upstream_closed_early'],
  ['UR', 'upstream_reset'],
  ['UT', 'upstream_timeout'],
  ['UPE', 'invalid_response'],
  ['DC', 'client_abort'],
];

/** Flags that mean the request was meant for an upstream cluster, so it has an attempt even without a host. */
const upstreamFlags = new Set(['UH', 'UO', 'UF', 'UC', 'UR', 'UT', 'UPE', 'URX', 'DF']);

export function splitFlags(flags: string | null): string[] {
  return flags === null ? [] : flags.split(',').filter((flag) => flag !== '' && flag !== '-');
}

export function namesUpstream(flags: readonly string[]): boolean {
  return flags.some((flag) => upstreamFlags.has(flag));
}

/**
 * A connection failure (UF) is "refused" unless the transport socket says otherwise: Istio logs the reason in
 * %UPSTREAM_TRANSPORT_FAILURE_REASON% and Envoy repeats it inside the details braces
 * (`upstream_reset_before_response_started{connection_failure,TLS_error:...}`), with spaces as underscores.
 */
function connectFailureCause(transportFailure: string | null, details: string | null): Cause {
  const braces = details && details.includes('{') ? details.slice(details.indexOf('{')) : '';
  const text = `${transportFailure ?? ''} ${braces}`.toLowerCase();
  if (/tls|ssl|certificate|handshake/.test(text)) return 'tls_failure';
  if (/timeout|timed.out/.test(text)) return 'upstream_timeout';
  if (/reset/.test(text)) return 'upstream_reset';
  return 'upstream_refused';
}

/**
 * The cause of the one attempt an Envoy line describes; null when the line reports no failure of it.
 * A 502 Envoy passed through from the upstream (`via_upstream`, no flags) is the upstream's own answer.
 */
export function envoyCause(flags: readonly string[], status: string, details: string | null, transportFailure: string | null): Cause | null {
  for (const [flag, cause] of flagCauses) {
    if (!flags.includes(flag)) continue;
    return flag === 'UF' ? connectFailureCause(transportFailure, details) : cause;
  }
  if (status === '502' && details === 'via_upstream') return 'upstream_returned_502';
  // URX alone after upstream answers (`503 URX via_upstream`): the upstream said it, only a 502 has a class.
  if (flags.includes('URX')) return status.startsWith('5') && details !== 'via_upstream' ? 'unknown' : null;
  return null;
}
