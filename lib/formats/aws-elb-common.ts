import type { Cause } from '../diagnosis/causes';
import { splitQuotedFields } from './quoted-fields';
import type { AttemptRecord } from './types';

/**
 * What AWS Application and Classic Load Balancer access logs share: space-separated fields, some in double
 * quotes, times in seconds with -1 for a phase that never happened, the request line with an absolute URL,
 * and the way a failure shows up (a 5xx from the load balancer with no status from the target).
 */

/** Fields split on spaces, `"quoted"` ones kept whole (quotes removed); null when a quote is left open. */
export const elbTokens = (line: string): string[] | null => splitQuotedFields(line);

export const dash = (value: string | undefined): string | null => (value === undefined || value === '-' || value === '' ? null : value);

/** Seconds as written ("0.001") to milliseconds; -1 (phase never completed) and "-" to null. */
export function secondsMs(value: string | undefined): number | null {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return null;
  return Math.round(Number(value) * 1e6) / 1e3;
}

/** `192.168.131.39` from `192.168.131.39:2817`; an IPv6 address keeps all but its last `:port`. */
export function withoutPort(address: string | null): string | null {
  if (address === null) return null;
  const colon = address.lastIndexOf(':');
  return colon > 0 ? address.slice(0, colon) : address;
}

/** `GET http://www.example.com:80/ HTTP/1.1` to method, host (without port) and path; TCP entries are `- - - `. */
export function requestParts(request: string): { method: string | null; host: string | null; path: string | null } {
  const [method, url] = request.split(' ');
  if (!method || method === '-' || !url) return { method: null, host: null, path: null };
  const scheme = url.indexOf('://');
  if (scheme < 0) return { method, host: null, path: url };
  const slash = url.indexOf('/', scheme + 3);
  const authority = url.slice(scheme + 3, slash < 0 ? undefined : slash);
  // Ports are always written (`:80`, `:443`); the host is compared without them, as nginx's $host is.
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : authority.replace(/:\d+$/, '');
  return { method, host: host || null, path: slash < 0 ? '/' : url.slice(slash) };
}

/**
 * ALB error_reason codes (Lambda targets; AWS "Access log entries", Error reason codes) whose description
 * names a cause. Auth*, WAF* and the other Lambda codes describe configuration or the load balancer's side
 * calls, not the target's answer, so they stay `unknown`.
 */
const errorReasonCauses: Record<string, Cause> = {
  LambdaInvalidResponse: 'invalid_response',
  LambdaResponseTooLarge: 'invalid_response',
  LambdaConnectionTimeout: 'upstream_timeout',
  LambdaThrottling: 'upstream_overload',
};

/**
 * The cause of the one try an ELB line describes. The load balancer's own 5xx with no target status means the
 * target gave no usable answer: 504 is a timeout, 503 with no target means none was registered or healthy,
 * 502 covers refused, reset, closed and malformed alike, so without an error reason it stays `unknown`.
 */
export function elbCause(elbStatus: string, targetStatus: string | null, hasTarget: boolean, errorReason: string | null): Cause | null {
  if (elbStatus === '460') return 'client_abort';
  if (!elbStatus.startsWith('5')) return null;
  if (targetStatus !== null) return elbStatus === '502' && targetStatus === '502' ? 'upstream_returned_502' : null;
  if (errorReason !== null) return errorReasonCauses[errorReason] ?? 'unknown';
  if (elbStatus === '504') return 'upstream_timeout';
  if (elbStatus === '503' && !hasTarget) return 'no_healthy_upstream';
  return 'unknown';
}

/** One try, when the line shows the load balancer forwarded (or tried to forward) the request. */
export function elbAttempt(options: {
  target: string | null;
  elbStatus: string;
  targetStatus: string | null;
  targetSeconds: string | undefined;
  errorReason: string | null;
  forwarded: boolean;
}): AttemptRecord[] {
  const { target, elbStatus, targetStatus, errorReason, forwarded } = options;
  // A request the load balancer answered itself (redirect, fixed response, 4xx before routing) has no try.
  if (target === null && targetStatus === null && !(forwarded && (elbStatus.startsWith('5') || elbStatus === '460'))) return [];
  const attempt: AttemptRecord = {
    server: target,
    status: targetStatus,
    responseMs: null,
    connectMs: null,
    // target_processing_time runs until the target started to send the response headers.
    headerMs: secondsMs(options.targetSeconds),
  };
  const cause = elbCause(elbStatus, targetStatus, target !== null, errorReason);
  if (cause !== null) attempt.cause = cause;
  return [attempt];
}

/** request + target + response processing time, when all three phases completed. */
export function totalMs(times: readonly (string | undefined)[]): number | null {
  let sum = 0;
  for (const time of times) {
    const ms = secondsMs(time);
    if (ms === null) return null;
    sum += ms;
  }
  return Math.round(sum * 1e3) / 1e3;
}
