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

/**
 * The line nginx wrote, without the container runtime's wrapping: a CRI prefix
 * (`2026-11-25T00:34:42.123456789Z stdout F `) or Docker's json-file object (`{"log":"...\n",...}`).
 */
export function unwrapContainerLine(line: string): string {
  if (line.startsWith('{"log":')) {
    try {
      const parsed: unknown = JSON.parse(line);
      const log = (parsed as { log?: unknown }).log;
      if (typeof log === 'string') return log.endsWith('\n') ? log.slice(0, -1) : log;
    } catch {
      return line;
    }
    return line;
  }
  if (line.length > 40 && line[4] === '-' && line[10] === 'T') {
    const stream = line.indexOf(' ', 20);
    // "<time> stdout|stderr F|P <line>": F is a full line, P a partial one (kept: it is the best we have).
    if (stream > 0 && (line.startsWith(' stdout ', stream) || line.startsWith(' stderr ', stream))) {
      const tag = line[stream + 8];
      if ((tag === 'F' || tag === 'P') && line[stream + 9] === ' ') return line.slice(stream + 10);
    }
  }
  return line;
}

function parseLine(line: string): ParseResult {
  return compiled.parseLine(unwrapContainerLine(line));
}

export const ingressNginx: LogFormat = {
  id: 'ingress_nginx',
  gateway: 'ingress-nginx',
  label: 'ingress-nginx log-format-upstream (default)',
  parseLine,
  detect: (sample) => fitShare(sample, parseLine),
};
