/**
 * The nginx variables Gateway Lens reads, each mapped to a slot of a fixed array. A compiled format fills
 * the slots per line (an array, not an object with dynamic keys, because it runs once per line); unknown
 * variables fill no slot and are skipped as opaque text.
 */
export const Slot = {
  remoteAddr: 0,
  timeLocal: 1,
  timeIso: 2,
  msec: 3,
  request: 4,
  method: 5,
  requestUri: 6,
  uri: 7,
  status: 8,
  bodyBytes: 9,
  bytesSent: 10,
  requestTime: 11,
  upstreamAddr: 12,
  upstreamStatus: 13,
  upstreamResponseTime: 14,
  upstreamConnectTime: 15,
  upstreamHeaderTime: 16,
  proxyHost: 17,
  proxyUpstreamName: 18,
  host: 19,
  httpHost: 20,
  serverName: 21,
  requestId: 22,
  userAgent: 23,
  forwardedFor: 24,
} as const;
export type Slot = (typeof Slot)[keyof typeof Slot];
export const SLOT_COUNT = 25;

/** Per-line values, indexed by Slot; undefined when the format does not log that variable. */
export type SlotValues = (string | undefined)[];

export const VARIABLE_SLOTS: Readonly<Record<string, Slot>> = {
  remote_addr: Slot.remoteAddr,
  time_local: Slot.timeLocal,
  time_iso8601: Slot.timeIso,
  msec: Slot.msec,
  request: Slot.request,
  request_method: Slot.method,
  request_uri: Slot.requestUri,
  uri: Slot.uri,
  status: Slot.status,
  body_bytes_sent: Slot.bodyBytes,
  bytes_sent: Slot.bytesSent,
  request_time: Slot.requestTime,
  upstream_addr: Slot.upstreamAddr,
  upstream_status: Slot.upstreamStatus,
  upstream_response_time: Slot.upstreamResponseTime,
  upstream_connect_time: Slot.upstreamConnectTime,
  upstream_header_time: Slot.upstreamHeaderTime,
  proxy_host: Slot.proxyHost,
  proxy_upstream_name: Slot.proxyUpstreamName,
  host: Slot.host,
  http_host: Slot.httpHost,
  server_name: Slot.serverName,
  request_id: Slot.requestId,
  // ingress-nginx's name for the same id.
  req_id: Slot.requestId,
  http_user_agent: Slot.userAgent,
  http_x_forwarded_for: Slot.forwardedFor,
};

export function slotOf(variable: string): Slot | null {
  return Object.prototype.hasOwnProperty.call(VARIABLE_SLOTS, variable) ? VARIABLE_SLOTS[variable]! : null;
}

/**
 * How a value can look, which decides how the scanner finds its end:
 * - `fixed`: `$time_local` is always 26 characters, space included ("25/Nov/2026:00:34:57 +0000");
 * - `list`: nginx's upstream lists and X-Forwarded-For hold spaces only in ", " and " : ";
 * - `token`: never a space (numbers, addresses, ids);
 * - `free`: anything (request line, user agent, unknown variables): ends at the next literal separator.
 */
export type Shape = 'fixed' | 'list' | 'token' | 'free';

const TOKENS = new Set([
  'remote_addr', 'time_iso8601', 'msec', 'request_method', 'request_uri', 'status', 'body_bytes_sent', 'bytes_sent',
  'request_time', 'request_length', 'proxy_host', 'proxy_upstream_name', 'host', 'http_host', 'server_name',
  'request_id', 'req_id', 'connection', 'connection_requests', 'remote_port', 'server_port', 'server_addr', 'scheme',
  'pipe', 'server_protocol',
]);

export function shapeOf(variable: string): Shape {
  if (variable === 'time_local') return 'fixed';
  if (variable.startsWith('upstream_') || variable === 'http_x_forwarded_for') return 'list';
  return TOKENS.has(variable) ? 'token' : 'free';
}
