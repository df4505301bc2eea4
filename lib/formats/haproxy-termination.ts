import type { Cause } from '../diagnosis/causes';

/**
 * HAProxy's termination state ("SC--"): first character who ended the session, second in which phase
 * (shared/formats/README.md, HAProxy). The cause follows the table there, checked against what HAProxy 2.6
 * wrote in e2e/fixtures/haproxy for each failing upstream.
 */

/**
 * The cause of the try the state describes; null when the state does not decide it.
 * `SH` is both a reset and a clean close before the headers: the fixtures' reset and close upstreams log
 * byte-identical `SH--` lines, so the line cannot tell upstream_reset from upstream_closed_early.
 */
export function causeOfState(state: string, hasServer: boolean, status: string, headersReceived: boolean): Cause | null {
  const who = state[0];
  const phase = state[1];
  switch (who + (phase ?? '')) {
    case 'SC':
      // HAProxy writes `SC` with <NOSRV> when every server of the backend is down or disabled.
      return hasServer ? 'upstream_refused' : 'no_healthy_upstream';
    case 'sC':
    case 'sH':
    case 'sD':
      return 'upstream_timeout';
    case 'sQ':
      // Queued longer than `timeout queue`: the servers exist but are at maxconn.
      return 'upstream_overload';
    case 'SH':
      return null;
    case 'SD':
      return 'upstream_reset';
    case 'PH':
      return 'invalid_response';
  }
  if (who === 'C' || who === 'c') return 'client_abort';
  // A clean session whose 502 came from the server itself.
  if (who === '-' && status === '502' && headersReceived) return 'upstream_returned_502';
  return null;
}

/**
 * Whether a <NOSRV> line is still a failed try of the backend: no server could take the request
 * (`SC` all down, `sQ`/`sC` queue or connect timeout). Otherwise (`PR` denied, `CR` bad request ...) the
 * request never went upstream and has no attempt.
 */
export function noServerIsAttempt(state: string): boolean {
  const two = state.slice(0, 2);
  return two === 'SC' || two === 'sQ' || two === 'sC';
}

/**
 * The server's own status: only when its response headers arrived (Tr >= 0) and HAProxy did not reject
 * them (`PH`, `IH`, `RH`, `KH` mean the status logged is HAProxy's own 502/500).
 */
export function serverStatus(state: string, status: string, headersReceived: boolean): string | null {
  if (!headersReceived || !/^\d{3}$/.test(status)) return null;
  const who = state[0];
  if (state[1] === 'H' && who !== undefined && 'PIRK'.includes(who)) return null;
  return status;
}
