import { fitShare } from './fit';
import { compileNginxLogFormat } from './nginx-log-format';
import type { LogFormat, ParseResult } from './types';

/**
 * ingress-nginx's default `log-format-upstream`. `$proxy_upstream_name` ("namespace-service-port") is the
 * pool; the addresses are pod IPs. Built with the log_format compiler, so it reads lines exactly like a
 * pasted directive would.
 */
export const INGRESS_NGINX_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ' +
  '$request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr ' +
  '$upstream_response_length $upstream_response_time $upstream_status $req_id';

const compiled = compileNginxLogFormat(INGRESS_NGINX_LOG_FORMAT, { id: 'ingress_nginx', gateway: 'ingress-nginx' });

// Container wrapping (CRI, Docker json-file) is the ingest's envelopes' job, not the format's.
const parseLine = (line: string): ParseResult => compiled.parseLine(line);

export const ingressNginx: LogFormat = {
  id: 'ingress_nginx',
  gateway: 'ingress-nginx',
  label: 'ingress-nginx log-format-upstream (default)',
  parseLine,
  timeOf: compiled.timeOf,
  detect: (sample) => fitShare(sample, parseLine),
};
