import type { Cause } from '../diagnosis/causes';
import type { AttemptRecord, LogFormat, ParseResult, RequestRecord } from './types';
import { serviceServer } from './traefik-service';
import { jsonObjectOfLine } from './json-line';
import { topLevelStrings } from './json-top-level';
export { traefikCommon } from './traefik-common';

/**
 * Traefik's JSON access log (`accessLog.format: json`): one logrus object per line with the fields listed in
 * Traefik's reference documentation (StartUTC, ClientHost, RequestMethod, DownstreamStatus, OriginStatus,
 * ServiceName, ServiceURL, Duration in nanoseconds ...). Any field can be dropped by configuration, so only
 * DownstreamStatus is required; headers appear as `request_<Name>` when kept.
 *
 * Status semantics (docs "Origin vs. Downstream Status", traefik/traefik PR #13609): OriginStatus 0 means no
 * answer from a server was recorded. A 502/504 that Traefik's proxy error handler generated is written as the
 * OriginStatus too, so an OriginStatus of 502 does not prove the server said 502: its cause stays undecided.
 */

type Json = Record<string, unknown>;

const asString = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const asNumber = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const nsToMs = (ns: number): number => Math.round(ns / 1000) / 1000;

/**
 * Where the request's time is, in order of preference. StartLocal carries its offset, so it gives the same
 * instant when StartUTC was dropped (docs "Time Zones"); `time` is logrus's, when the entry was written.
 */
const START_KEYS = ['StartUTC', 'StartLocal', 'time'] as const;
const UTC_KEY = START_KEYS.slice(0, 1);
const KEYS_AFTER_UTC = START_KEYS.slice(1);

/** The first of the texts (in START_KEYS order) that is a time. */
function firstTime(texts: readonly (string | null)[]): number | null {
  for (const text of texts) {
    if (text === null) continue;
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return parsed;
  }
  return null;
}

const startTime = (entry: Json): number | null => firstTime(START_KEYS.map((key) => asString(entry[key])));

/** A header value as Traefik writes it (`request_User-Agent`), unless dropped or redacted. */
function headerValue(entry: Json, name: string): string | null {
  const value = asString(entry[`request_${name}`]);
  return value === 'REDACTED' ? null : value;
}

function attemptOf(entry: Json, downstream: number): AttemptRecord[] {
  const server = serviceServer(entry.ServiceAddr, entry.ServiceURL);
  const origin = asNumber(entry.OriginStatus);
  // Without a server and without an origin answer the request never left Traefik (routing, a middleware).
  if (server === null && !origin) return [];
  const originMs = asNumber(entry.OriginDuration);
  const attempt: AttemptRecord = {
    server,
    status: origin ? String(origin) : null,
    responseMs: originMs !== null && originMs > 0 ? nsToMs(originMs) : null,
    connectMs: null,
    headerMs: null,
  };
  if (origin === 0) {
    // No answer was recorded for a request routed to a server: only a 504 to the client states why.
    const cause: Cause = downstream === 504 ? 'upstream_timeout' : 'unknown';
    attempt.cause = downstream >= 500 ? cause : null;
  }
  return [attempt];
}

function parseEntry(entry: Json): ParseResult {
  const downstream = asNumber(entry.DownstreamStatus);
  if (downstream === null) {
    return { kind: 'reject', reason: 'no numeric DownstreamStatus: not a Traefik JSON access entry (or the field was dropped)' };
  }
  const time = startTime(entry);
  if (time === null) return { kind: 'reject', reason: 'no StartUTC, StartLocal or time field with a readable time' };
  const duration = asNumber(entry.Duration);
  const retries = asNumber(entry.RetryAttempts);
  const record: RequestRecord = {
    time,
    client: asString(entry.ClientHost) ?? asString(entry.ClientAddr)?.replace(/:\d+$/, '') ?? null,
    method: asString(entry.RequestMethod),
    host: asString(entry.RequestHost) ?? asString(entry.RequestAddr),
    path: asString(entry.RequestPath),
    status: String(downstream),
    bytes: asNumber(entry.DownstreamContentSize),
    requestMs: duration === null ? null : nsToMs(duration),
    pool: asString(entry.ServiceName),
    attempts: attemptOf(entry, downstream),
    retries,
    requestId: headerValue(entry, 'X-Request-Id'),
    userAgent: headerValue(entry, 'User-Agent'),
  };
  return { kind: 'request', record };
}

function parseLine(line: string): ParseResult {
  const json = jsonObjectOfLine(line, 'Traefik JSON access logs have one object per line');
  return 'reason' in json ? { kind: 'reject', reason: json.reason } : parseEntry(json.object as Json);
}

/** Share of sample lines that parse; the DownstreamStatus key is checked before paying for JSON.parse. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter((line) => line.includes('"DownstreamStatus"') && parseLine(line).kind === 'request');
  return fits.length / lines.length;
}

/**
 * The line's start time alone. Traefik writes its keys sorted, StartUTC about halfway and `time` last, so the
 * line is read up to StartUTC first, and further only when that is missing.
 */
function timeOf(line: string): number | null {
  const [utc] = topLevelStrings(line, UTC_KEY) ?? [null];
  if (utc === null) return null;
  const texts = utc ? [utc] : topLevelStrings(line, KEYS_AFTER_UTC);
  return texts === null ? null : firstTime(texts.map((text) => (text === undefined || text === '' ? null : text)));
}

export const traefikJson: LogFormat = {
  id: 'traefik_json',
  gateway: 'traefik',
  label: 'Traefik JSON access log',
  detect,
  parseLine,
  timeOf,
};
