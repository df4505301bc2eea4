import { fitShare } from './fit';
import type { LogFormat, ParseResult, RequestRecord } from './types';
import { isDigits, parseTimeLocal } from './nginx-time';
import { attemptsFromLists, secondsToMs, type UpstreamLists } from './nginx-upstream-lists';

/**
 * nginx access logs in the `combined` layout, optionally followed by upstream variables.
 * Each layout is `combined` plus a list of variable names written after the user agent; the same
 * mapping from variable to field will serve pasted `log_format` directives.
 */
type TailVariable =
  | 'request_time'
  | 'upstream_addr'
  | 'upstream_status'
  | 'upstream_response_time'
  | 'upstream_connect_time'
  | 'upstream_header_time'
  | 'proxy_host'
  | 'host';

interface TailFields {
  requestTime?: string;
  lists: UpstreamLists;
  proxyHost?: string;
  host?: string;
}

const assignTail: Record<TailVariable, (fields: TailFields, value: string) => void> = {
  request_time: (f, v) => (f.requestTime = v),
  upstream_addr: (f, v) => (f.lists.addr = v),
  upstream_status: (f, v) => (f.lists.status = v),
  upstream_response_time: (f, v) => (f.lists.responseTime = v),
  upstream_connect_time: (f, v) => (f.lists.connectTime = v),
  upstream_header_time: (f, v) => (f.lists.headerTime = v),
  proxy_host: (f, v) => (f.proxyHost = v),
  host: (f, v) => (f.host = v),
};

/** The fixed front of every layout: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`. */
interface CombinedFields {
  client: string;
  time: number;
  request: string;
  status: string;
  bytes: string;
  tail: string;
}

/** Where the client address ends and the [time] field starts and ends; a reason when the line has none. */
function timeField(line: string): { firstSpace: number; open: number; close: number } | string {
  const firstSpace = line.indexOf(' ');
  if (firstSpace <= 0) return 'no client address at the start of the line';
  const open = line.indexOf('[', firstSpace);
  const close = open < 0 ? -1 : line.indexOf(']', open);
  if (open < 0 || close < 0) return 'no [time] field';
  return { firstSpace, open, close };
}

/** The line's $time_local alone, null when it has none: enough to set aside a line outside a range unread. */
function timeOf(line: string): number | null {
  const field = timeField(line);
  return typeof field === 'string' ? null : parseTimeLocal(line.slice(field.open + 1, field.close));
}

function parseCombined(line: string): CombinedFields | string {
  const field = timeField(line);
  if (typeof field === 'string') return field;
  const { firstSpace, open, close } = field;
  const time = parseTimeLocal(line.slice(open + 1, close));
  if (time === null) return `time "${line.slice(open + 1, close)}" is not nginx's $time_local (25/Nov/2026:00:36:09 +0000)`;
  if (line[close + 1] !== ' ' || line[close + 2] !== '"') return 'no quoted request after the time';
  const requestEnd = line.indexOf('" ', close + 3);
  if (requestEnd < 0) return 'the quoted request is not closed';
  const request = line.slice(close + 3, requestEnd);
  const statusEnd = line.indexOf(' ', requestEnd + 2);
  const status = line.slice(requestEnd + 2, statusEnd < 0 ? undefined : statusEnd);
  if (status.length !== 3 || !isDigits(status)) return `status "${status}" is not three digits`;
  if (statusEnd < 0) return 'the line ends after the status';
  const bytesEnd = line.indexOf(' ', statusEnd + 1);
  const bytes = line.slice(statusEnd + 1, bytesEnd < 0 ? undefined : bytesEnd);
  if (bytesEnd < 0 || line[bytesEnd + 1] !== '"') return 'no quoted referer after the byte count';
  const refererEnd = line.indexOf('" "', bytesEnd + 2);
  if (refererEnd < 0) return 'no quoted user agent after the referer';
  const agentEnd = closingQuote(line, refererEnd + 3);
  if (agentEnd < 0) return 'the quoted user agent is not closed';
  const tail = line.slice(agentEnd + 2);
  return { client: line.slice(0, firstSpace), time, request, status, bytes, tail };
}

/** The quote that ends a quoted field: followed by a space or the end of the line. */
function closingQuote(line: string, from: number): number {
  let at = line.indexOf('"', from);
  while (at >= 0 && at + 1 < line.length && line[at + 1] !== ' ') at = line.indexOf('"', at + 1);
  return at;
}

/**
 * Splits what follows the user agent into one value per variable, keeping nginx's lists whole:
 * "a:80, b:80" and "a:80 : b:80" are one value.
 */
export function splitTail(tail: string): string[] {
  const trimmed = tail.trim();
  if (trimmed === '') return [];
  const tokens = trimmed.split(' ');
  // Most lines hold no list (one try): every token is a value of its own.
  if (!trimmed.includes(',') && !trimmed.includes(' :')) return tokens;
  const values: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let value = tokens[i++]!;
    while (i < tokens.length && (value.endsWith(',') || value.endsWith(' :') || tokens[i] === ':')) {
      value += ' ' + tokens[i++];
    }
    values.push(value);
  }
  return values;
}

function splitRequestLine(request: string): { method: string | null; path: string | null } {
  const first = request.indexOf(' ');
  if (first < 0) return { method: null, path: null };
  const second = request.indexOf(' ', first + 1);
  return { method: request.slice(0, first), path: request.slice(first + 1, second < 0 ? undefined : second) };
}

export function nginxAccessLayout(options: { id: string; label: string; tail: readonly TailVariable[] }): LogFormat {
  const { tail: variables } = options;
  function parseLine(line: string): ParseResult {
    const combined = parseCombined(line);
    if (typeof combined === 'string') return { kind: 'reject', reason: combined };
    const values = splitTail(combined.tail);
    if (values.length !== variables.length) {
      return {
        kind: 'reject',
        reason: `${values.length} fields after the user agent, this layout has ${variables.length}${variables.length ? ` (${variables.map((v) => '$' + v).join(' ')})` : ''}`,
      };
    }
    const fields: TailFields = { lists: {} };
    variables.forEach((variable, i) => assignTail[variable](fields, values[i]!));
    const { attempts } = attemptsFromLists(fields.lists);
    const { method, path } = splitRequestLine(combined.request);
    const proxyHost = fields.proxyHost === '-' ? undefined : fields.proxyHost;
    const record: RequestRecord = {
      time: combined.time,
      client: combined.client,
      method,
      host: fields.host && fields.host !== '-' ? fields.host : null,
      path,
      status: combined.status,
      bytes: isDigits(combined.bytes) ? Number(combined.bytes) : null,
      requestMs: secondsToMs(fields.requestTime),
      // Only a format that logs the pool names it; the group name nginx writes when no server could be
      // chosen marks that try (server null), it does not make a pool of its own.
      pool: proxyHost ?? null,
      attempts,
    };
    return { kind: 'request', record };
  }
  return {
    id: options.id,
    gateway: 'nginx',
    label: options.label,
    parseLine,
    timeOf,
    detect: (sample) => fitShare(sample, parseLine),
  };
}


export const nginxCombined = nginxAccessLayout({ id: 'nginx_combined', label: 'nginx combined', tail: [] });

export const nginxUpstream = nginxAccessLayout({
  id: 'nginx_upstream',
  label: 'nginx combined + $upstream_addr $upstream_status $upstream_response_time',
  tail: ['upstream_addr', 'upstream_status', 'upstream_response_time'],
});

export const nginxUpstreamTimed = nginxAccessLayout({
  id: 'nginx_upstream_timed',
  label:
    'nginx combined + $request_time $upstream_addr $upstream_status $upstream_response_time $upstream_connect_time $upstream_header_time $proxy_host',
  tail: [
    'request_time',
    'upstream_addr',
    'upstream_status',
    'upstream_response_time',
    'upstream_connect_time',
    'upstream_header_time',
    'proxy_host',
  ],
});
