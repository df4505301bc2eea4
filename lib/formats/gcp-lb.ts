import type { Cause } from '../diagnosis/causes';
import type { AttemptRecord, LogFormat, ParseResult, RequestRecord } from './types';
import { jsonObjectOfLine } from './json-line';
import { isoTime } from './iso-time';
import { topLevelStrings } from './json-top-level';

/**
 * Google Cloud external Application Load Balancer request logs exported from Cloud Logging, one LogEntry per
 * line: `timestamp`, `httpRequest` (requestMethod, requestUrl, status, responseSize, latency "0.123s",
 * remoteIp, serverIp, userAgent), `resource.labels.backend_service_name` and `jsonPayload.statusDetails`,
 * which names in words what happened. Only details whose documented meaning is one cause are mapped; any other
 * stays visible as the gateway code with no cause.
 */

type Json = Record<string, unknown>;

const detailCauses: Record<string, Cause> = {
  failed_to_connect_to_backend: 'upstream_refused',
  failed_to_pick_backend: 'no_healthy_upstream',
  backend_connection_closed_before_data_sent_to_client: 'upstream_closed_early',
  backend_connection_closed_after_partial_response_sent: 'upstream_closed_early',
  backend_timeout: 'upstream_timeout',
  // The backend answered 1xx/2xx before the whole request body arrived: a protocol violation.
  backend_early_response_with_non_error_status: 'invalid_response',
  client_disconnected_before_any_response: 'client_abort',
};

/** Details that mean no backend was involved: the cache or the load balancer itself answered. */
const noBackend = new Set(['response_from_cache', 'response_from_cache_validated', 'denied_by_security_policy', 'redirected_by_security_policy']);

const asObject = (value: unknown): Json | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null);
const asText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** `"0.123s"` (the JSON form of a protobuf Duration) to milliseconds. */
function latencyMs(value: unknown): number | null {
  const text = asText(value);
  if (text === null || !/^\d+(\.\d+)?s$/.test(text)) return null;
  return Math.round(Number(text.slice(0, -1)) * 1e6) / 1e3;
}

/** Some load balancers write `remoteIp` with a port (`202.8.105.197:53663`); an IPv6 address has several colons. */
function withoutPort(address: string | null): string | null {
  if (address === null) return null;
  return address.indexOf(':') === address.lastIndexOf(':') ? address.replace(/:\d+$/, '') : address;
}

/** Host and path as written: `http://LB_IP/static/x.jpg` gives `LB_IP` and `/static/x.jpg`. */
function urlParts(url: string | null): { host: string | null; path: string | null } {
  if (url === null) return { host: null, path: null };
  const scheme = url.indexOf('://');
  if (scheme < 0) return { host: null, path: url };
  const slash = url.indexOf('/', scheme + 3);
  return { host: url.slice(scheme + 3, slash < 0 ? undefined : slash) || null, path: slash < 0 ? '/' : url.slice(slash) };
}

function attemptOf(details: string | null, status: string, serverIp: string | null, pool: string | null): AttemptRecord[] {
  if (details !== null && noBackend.has(details)) return [];
  if (serverIp === null && pool === null && (details === null || !(details in detailCauses))) return [];
  const fromBackend = details === 'response_sent_by_backend';
  const attempt: AttemptRecord = {
    // failed_to_pick_backend: no backend was chosen, whatever the entry says.
    server: details === 'failed_to_pick_backend' ? null : serverIp,
    status: fromBackend ? status : null,
    responseMs: null,
    connectMs: null,
    headerMs: null,
  };
  const cause = details === null ? null : fromBackend ? (status === '502' ? 'upstream_returned_502' : null) : (detailCauses[details] ?? null);
  if (cause !== null) attempt.cause = cause;
  return [attempt];
}

function parseEntry(entry: Json): ParseResult {
  const http = asObject(entry.httpRequest);
  if (http === null) return { kind: 'reject', reason: 'no httpRequest object: not a load balancer request log entry' };
  if (typeof http.status !== 'number') return { kind: 'reject', reason: 'httpRequest.status is missing or not a number' };
  const timestamp = asText(entry.timestamp);
  const time = timestamp === null ? null : isoTime(timestamp);
  if (time === null) return { kind: 'reject', reason: `timestamp "${timestamp ?? ''}" is not RFC 3339` };
  const status = String(http.status);
  const labels = asObject(asObject(entry.resource)?.labels);
  // Backend buckets and cache hits log backend_service_name "": no pool.
  const pool = asText(labels?.backend_service_name);
  const details = asText(asObject(entry.jsonPayload)?.statusDetails);
  const size = asText(http.responseSize);
  const { host, path } = urlParts(asText(http.requestUrl));
  const record: RequestRecord = {
    time,
    client: withoutPort(asText(http.remoteIp)),
    method: asText(http.requestMethod),
    host,
    path,
    status,
    bytes: size !== null && /^\d+$/.test(size) ? Number(size) : null,
    requestMs: latencyMs(http.latency),
    pool,
    attempts: attemptOf(details, status, asText(http.serverIp), pool),
    gatewayCode: details,
    userAgent: asText(http.userAgent),
  };
  return { kind: 'request', record };
}

function parseLine(line: string): ParseResult {
  const json = jsonObjectOfLine(line, 'exported log entries have one object per line');
  return 'reason' in json ? { kind: 'reject', reason: json.reason } : parseEntry(json.object);
}

/** Share of sample lines that parse; the httpRequest key is looked for before paying for JSON.parse. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter((line) => line.indexOf('"httpRequest"') >= 0 && parseLine(line).kind === 'request');
  return fits.length / lines.length;
}

const TIMESTAMP_KEY = ['timestamp'];

/** The entry's timestamp alone. Exports write it among the last keys, so most of the line is scanned, but not parsed. */
function timeOf(line: string): number | null {
  const [timestamp] = topLevelStrings(line, TIMESTAMP_KEY) ?? [];
  return timestamp ? isoTime(timestamp) : null;
}

export const gcpLbJson: LogFormat = {
  id: 'gcp_lb_json',
  gateway: 'gcp-lb',
  label: 'Google Cloud HTTP(S) load balancer request log (Cloud Logging JSON)',
  detect,
  parseLine,
  timeOf,
};
