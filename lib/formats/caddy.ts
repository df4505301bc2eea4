import type { GatewayEventRecord, LogFormat, ParseResult, RequestRecord } from './types';
import { causeOfGoError, serverOfGoError } from './caddy-error-text';
import { jsonObjectOfLine } from './json-line';
import { topLevelScalars } from './json-top-level';

/**
 * Caddy's JSON logs: one zap entry per line. Access entries (`http.log.access*`) become requests; the error
 * entries Caddy writes when a handler fails (`http.log.error*`) and the reverse proxy's own entries
 * (`http.handlers.reverse_proxy`, written with the `debug` global option) become gateway events. Everything
 * else Caddy logs (startup, tls, admin) is rejected with its logger's name so the source says what it was.
 *
 * Caddy 2.6's access entry does not name the upstream, so requests carry no attempts; the error entry of the
 * same request (same client ip:port, same duration) and, with `debug`, the "upstream roundtrip" entries name
 * the server and the cause.
 */

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Seconds (Caddy's `ts` and `duration`) to milliseconds, kept to the microsecond Caddy measured. */
const secondsToMs = (seconds: number): number => Math.round(seconds * 1_000_000) / 1000;

/** `ts` is epoch seconds by default; a `time_format` option can make it a string such as ISO 8601. */
function entryTime(ts: unknown): number | null {
  const seconds = asNumber(ts);
  if (seconds !== null) return Math.round(seconds * 1000);
  const text = asString(ts);
  if (text === null) return null;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : parsed;
}

/** The first value of a header as Caddy logs headers: a map of name to list of values. */
function header(headers: unknown, name: string): string | null {
  const values = asObject(headers)?.[name];
  return Array.isArray(values) ? asString(values[0]) : null;
}

interface RequestFields {
  client: string | null;
  method: string | null;
  host: string | null;
  uri: string | null;
  proto: string | null;
  port: string | null;
  userAgent: string | null;
}

function requestFields(request: Json | null): RequestFields {
  return {
    // `client_ip` (Caddy 2.7+) is the client once trusted proxies are stripped; 2.6 has only `remote_ip`.
    client: asString(request?.client_ip) ?? asString(request?.remote_ip),
    method: asString(request?.method),
    host: asString(request?.host),
    uri: asString(request?.uri),
    proto: asString(request?.proto),
    port: asString(request?.remote_port),
    userAgent: header(request?.headers, 'User-Agent'),
  };
}

function accessRecord(entry: Json, time: number): ParseResult {
  const request = asObject(entry.request);
  if (!request) return { kind: 'reject', reason: 'Caddy access entry without a "request" object' };
  const status = asNumber(entry.status);
  if (status === null) return { kind: 'reject', reason: 'Caddy access entry without a numeric "status"' };
  const fields = requestFields(request);
  const duration = asNumber(entry.duration);
  const record: RequestRecord = {
    time,
    client: fields.client,
    method: fields.method,
    host: fields.host,
    path: fields.uri,
    status: String(status),
    bytes: asNumber(entry.size),
    requestMs: duration === null ? null : secondsToMs(duration),
    pool: null,
    attempts: [],
    userAgent: fields.userAgent,
    // The error and debug entries of this request repeat its ip:port: they name its upstream tries.
    connection: fields.client && fields.port ? `${fields.client}:${fields.port}` : null,
  };
  return { kind: 'request', record };
}

function eventRecord(entry: Json, time: number, logger: string): ParseResult {
  const msg = asString(entry.msg) ?? '';
  const error = asString(entry.error);
  const fields = requestFields(asObject(entry.request));
  const status = asNumber(entry.status);
  // Error entries carry the Go error in `msg`; the proxy's debug entries carry it in `error`.
  const errorText = logger.startsWith('http.log.error') ? msg : error;
  let cause = errorText === null ? null : causeOfGoError(errorText);
  if (cause === null && errorText !== null) {
    // An error the texts above do not name is still a failure when the client got a 5xx (or, for a proxy
    // try, whenever the try failed); a 4xx error entry (file not found ...) is context.
    const proxyTry = logger === 'http.handlers.reverse_proxy';
    if (proxyTry || (status !== null && status >= 500)) cause = 'unknown';
  }
  // An "upstream roundtrip" debug entry with a status is the upstream's own answer: its 502 is its own.
  if (cause === null && error === null && msg === 'upstream roundtrip' && status === 502) cause = 'upstream_returned_502';
  const event: GatewayEventRecord = {
    time,
    level: asString(entry.level),
    message: error !== null && msg !== '' ? `${msg}: ${error}` : msg || (error ?? ''),
    cause,
    server: asString(entry.upstream) ?? asString(entry.dial) ?? (errorText === null ? null : serverOfGoError(errorText)),
    client: fields.client,
    request: fields.method && fields.uri ? [fields.method, fields.uri, fields.proto].filter(Boolean).join(' ') : null,
    host: fields.host,
    // Caddy has no connection counter; the client's ip:port is the same on the access entry of this request.
    connection: fields.client && fields.port ? `${fields.client}:${fields.port}` : null,
    // Only a proxy try's entry has the upstream's status; an error entry's status is what the client got.
    status: logger === 'http.handlers.reverse_proxy' && status !== null ? String(status) : null,
  };
  return { kind: 'event', event };
}

/** Access entries are requests; error entries and the reverse proxy's own entries are the gateway's events. */
const isAccess = (logger: string) => logger.startsWith('http.log.access');
const isEvent = (logger: string) => logger.startsWith('http.log.error') || logger === 'http.handlers.reverse_proxy';

function parseEntry(entry: Json): ParseResult {
  const time = entryTime(entry.ts);
  if (time === null) return { kind: 'reject', reason: 'no "ts" time: not a Caddy log entry' };
  const logger = asString(entry.logger);
  if (logger !== null && isAccess(logger)) return accessRecord(entry, time);
  if (logger !== null && isEvent(logger)) return eventRecord(entry, time, logger);
  return { kind: 'reject', reason: `caddy log entry from logger ${logger ?? '(none)'}, not an access or error entry` };
}

function parseLine(line: string): ParseResult {
  const json = jsonObjectOfLine(line, 'Caddy writes one JSON object per line');
  return 'reason' in json ? { kind: 'reject', reason: json.reason } : parseEntry(json.object);
}

/**
 * Share of sample lines that are Caddy entries of any logger: a Caddy log whose first lines are startup
 * entries is still a Caddy log (its requests follow). Cheap substring checks skip JSON.parse for lines
 * that cannot be Caddy's.
 */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  let caddy = 0;
  for (const line of lines) {
    const text = line.trim();
    if (text[0] !== '{' || !text.includes('"ts":') || !text.includes('"msg":')) continue;
    try {
      const entry = asObject(JSON.parse(text));
      if (entry && entryTime(entry.ts) !== null && typeof entry.msg === 'string' && typeof entry.level === 'string') caddy++;
    } catch {
      // Not JSON: not Caddy's.
    }
  }
  return caddy / lines.length;
}

const LOGGER_AND_TS = ['logger', 'ts'];

type LoggerAndTime = { logger: string; time: number | null } | null;

/**
 * The last line read, and its entry: ingest asks timeOf, then eventTimeOf of the same line when it is not an
 * access entry, and an error or proxy entry would otherwise be scanned twice.
 */
let last: { line: string; entry: LoggerAndTime } = { line: '', entry: null };

/** An entry's logger and time, read alone: Caddy writes `ts` and `logger` among an entry's first keys. */
function loggerAndTime(line: string): LoggerAndTime {
  if (line === last.line) return last.entry;
  const [logger, ts] = topLevelScalars(line, LOGGER_AND_TS) ?? [];
  last = { line, entry: typeof logger === 'string' ? { logger, time: entryTime(ts) } : null };
  return last.entry;
}

/** The time of an access entry alone: a request's. */
function timeOf(line: string): number | null {
  const entry = loggerAndTime(line);
  return entry && isAccess(entry.logger) ? entry.time : null;
}

/** The time of an error entry or a reverse proxy entry alone: an event's, kept around a range. */
function eventTimeOf(line: string): number | null {
  const entry = loggerAndTime(line);
  return entry && isEvent(entry.logger) ? entry.time : null;
}

export const caddyJson: LogFormat = {
  id: 'caddy_json',
  gateway: 'caddy',
  label: 'Caddy JSON log (access entries, error entries and reverse_proxy debug entries)',
  triesFromEvents: true,
  detect,
  parseLine,
  timeOf,
  eventTimeOf,
};
