/** The four checks of the 502 runbook, and which causes point to which (DESIGN.md section 4). */
export const stepIds = ['upstream_status', 'server_logs', 'network', 'configuration'] as const;
export type StepId = (typeof stepIds)[number];

export const stepTitles: Record<StepId, string> = {
  upstream_status: 'Upstream status',
  server_logs: 'Server logs',
  network: 'Network connectivity',
  configuration: 'Server configuration',
};

const stepOfCause: Record<string, StepId> = {
  upstream_refused: 'upstream_status',
  no_healthy_upstream: 'upstream_status',
  upstream_returned_502: 'server_logs',
  upstream_closed_early: 'server_logs',
  upstream_overload: 'server_logs',
  upstream_reset: 'network',
  upstream_timeout: 'network',
  dns_failure: 'network',
  invalid_response: 'configuration',
  tls_failure: 'configuration',
};

/** The check a cause sends the engineer to; unknown causes go to the server's logs, where the answer is. */
export const stepOf = (cause: string): StepId => stepOfCause[cause] ?? 'server_logs';
