import type { AttemptRecord } from '../formats/types';
import { digits } from '../formats/nginx-time';
import type { Cause } from './causes';

/** A three-digit status as HTTP defines them (100-599). nginx's "009" (HTTP/0.9 pass-through) is not one. */
export function isHttpStatus(status: string | null): boolean {
  if (status === null || status.length !== 3) return false;
  // By hand rather than /^\d{3}$/: this runs for every try of every line.
  const code = digits(status, 0, 3);
  return code >= 100 && code <= 599;
}

export interface AttemptInRequest {
  attempt: AttemptRecord;
  /** Last try of the request: the one whose answer reached the client. */
  isLast: boolean;
  requestStatus: string;
}

/**
 * Did this try fail? No response, a 5xx, or (for the try whose answer the client got) a response the
 * gateway could only pass through as something that is not HTTP, like nginx's "009".
 */
export function isFailedAttempt({ attempt, isLast, requestStatus }: AttemptInRequest): boolean {
  if (attempt.server === null && attempt.status === null) return true;
  if (attempt.status === null) return true;
  if (!isHttpStatus(attempt.status) || Number(attempt.status) >= 500) return true;
  return isLast && !isHttpStatus(requestStatus);
}

/**
 * The cause an access-log line alone supports. A 502 recorded for a try without a response header can
 * be a refused, reset or closed connection or an invalid response: only the error log tells them apart,
 * so it stays `unknown` here rather than a guess.
 */
export function causeFromAccessLog({ attempt, isLast, requestStatus }: AttemptInRequest): Cause | null {
  // The gateway's own code (Envoy flags, HAProxy termination state ...) decided it in the format module.
  if (attempt.cause) return attempt.cause;
  if (!isFailedAttempt({ attempt, isLast, requestStatus })) return null;
  // nginx writes the group's name instead of an address when every server was marked down.
  if (attempt.server === null && attempt.status === '502') return 'no_healthy_upstream';
  // nginx records 504 for a try that timed out (connect or read).
  if (attempt.status === '504') return 'upstream_timeout';
  // A 502 whose response header arrived (the gateway timed it) is a 502 the upstream sent itself; a
  // refused, reset or closed connection, or a header the gateway rejected, never gets a header time.
  if (attempt.status === '502' && attempt.headerMs !== null) return 'upstream_returned_502';
  if (isLast && !isHttpStatus(requestStatus)) return 'invalid_response';
  return 'unknown';
}
