/** The cause classes of a failed attempt (DESIGN.md section 4). */
export const causes = [
  'upstream_refused',
  'upstream_reset',
  'upstream_closed_early',
  'upstream_timeout',
  'no_healthy_upstream',
  'invalid_response',
  'tls_failure',
  'dns_failure',
  'upstream_returned_502',
  'upstream_overload',
  'client_abort',
  'unknown',
] as const;

export type Cause = (typeof causes)[number];
