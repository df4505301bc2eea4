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

const journalWindow = (from: number, to: number) =>
  `--since "${new Date(from - 60_000).toISOString().replace('T', ' ').slice(0, 19)}" --until "${new Date(to + 60_000).toISOString().replace('T', ' ').slice(0, 19)}" --utc`;

/** A pool whose requests reached none of its servers: look at every server, and at why the gateway gave up on them. */
export function poolCommands(pool: string | null, servers: readonly string[], from: number, to: number): string[] {
  return [
    ...servers.map((server) => `curl -sv -m 5 http://${server}/ -o /dev/null   # is ${server} of ${pool ?? 'the pool'} answering?`),
    `journalctl ${journalWindow(from, to)}   # on each server of ${pool ?? 'the pool'}: did the services stop or restart together?`,
    `grep -E 'no live upstreams|has no server available|temporarily disabled|is DOWN' /var/log/nginx/error.log /var/log/haproxy.log   # when and why the gateway took them out`,
  ];
}

/** What to run next on the affected host, with the real values filled in. */
export function nextCommands(cause: string, server: string, from: number, to: number): string[] {
  const [host, port] = server.includes(':') ? [server.slice(0, server.lastIndexOf(':')), server.slice(server.lastIndexOf(':') + 1)] : [server, '80'];
  const since = new Date(from - 60_000).toISOString().replace('T', ' ').slice(0, 19);
  const until = new Date(to + 60_000).toISOString().replace('T', ' ').slice(0, 19);
  const journal = `journalctl --since "${since}" --until "${until}" --utc   # on ${host}: did the service stop, crash or restart?`;
  switch (stepOf(cause)) {
    case 'upstream_status':
      return [`ss -ltnp 'sport = :${port}'   # on ${host}: is anything listening on ${port}?`, `curl -sv -m 5 http://${server}/ -o /dev/null`, journal];
    case 'network':
      return [`curl -sv -m 5 http://${server}/ -o /dev/null   # from the gateway host`, `ss -tn 'dport = :${port}'   # on the gateway: connections to ${server}`, `dig +short ${host}`, journal];
    case 'configuration':
      return [`curl -sv -m 5 http://${server}/ -o /dev/null 2>&1 | head -40   # the raw status line and header size`, `nginx -T 2>/dev/null | grep -nE 'proxy_buffer_size|proxy_buffers|proxy_http_version|proxy_ssl'`];
    default:
      return [journal, `curl -sv -m 5 http://${server}/ -o /dev/null`];
  }
}
