import type { Cause } from '../../lib/diagnosis/causes';
import type { GatewayKind } from './gateways/types';
import type { Fault } from './timeline';

/**
 * The cause of a failed attempt is what the upstream was made to do: known here because the harness did it.
 * Two entries are not a plain translation, each for a reason the gateway's own log imposes:
 * - An upstream's own 503: the taxonomy has a class for an upstream's own 502 only, so a 503 it sent itself is
 *   `unknown` (a failed attempt, a 5xx, and no gateway error about it).
 * - HAProxy, reset and close before the headers: HAProxy 2.6 writes the same `SH--` 502 line for both (see
 *   QUIRKS.md), and the probes' HTTP GET gets ECONNRESET from both, so no evidence given to Gateway Lens
 *   separates them: the only honest answer is `unknown` (README: "never a guess").
 */
const causeOfFault: Record<Fault, Cause> = {
  refuse: 'upstream_refused',
  reset: 'upstream_reset',
  close: 'upstream_closed_early',
  oversized: 'invalid_response',
  malformed: 'invalid_response',
  slow: 'upstream_timeout',
  answer502: 'upstream_returned_502',
  answer503: 'unknown',
};

export function causeOf(gateway: GatewayKind, fault: Fault): Cause {
  if (gateway === 'haproxy' && (fault === 'reset' || fault === 'close')) return 'unknown';
  return causeOfFault[fault];
}

/**
 * What the gateway records for a failed try it then retried on another server (README, `outcomes`): nginx
 * writes 502 in `$upstream_status` for a try whose connection failed, 504 for one that timed out; Caddy
 * writes nothing per try in its access entry.
 */
export function retriedTryOutcome(gateway: GatewayKind, fault: Fault): string | null {
  if (gateway !== 'nginx') return null;
  return fault === 'slow' ? '504' : '502';
}
