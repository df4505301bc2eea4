import { parseMsec, parseTimeIso8601, parseTimeLocal } from './nginx-time';
import { attemptsFromLists, secondsToMs } from './nginx-upstream-lists';
import { Slot, type SlotValues } from './nginx-variables';
import type { RequestRecord } from './types';

/**
 * Turns the slot values of one access line (text or JSON) into a RequestRecord, the same way for every
 * nginx layout. Returns the reason as a string when the values cannot be this layout's: the checks are
 * what make detection tell layouts apart, so they are strict where nginx's output is fixed.
 */

/** "-" in text layouts and "" in escape=json layouts both mean the value never existed. */
const absent = (value: string | undefined): value is undefined => value === undefined || value === '' || value === '-';

export interface LoggedOptionals {
  userAgent: boolean;
  requestId: boolean;
}

export function buildRequest(v: SlotValues, logged: LoggedOptionals): RequestRecord | string {
  const time = readTime(v);
  if (typeof time === 'string') return time;
  const status = v[Slot.status];
  if (status === undefined || status.length !== 3 || !isDigits(status)) return `status "${status ?? ''}" is not three digits`;
  const bad =
    badChars(v[Slot.requestTime], NUMBER) ?? badChars(v[Slot.bodyBytes], NUMBER) ?? badChars(v[Slot.bytesSent], NUMBER) ??
    badChars(v[Slot.upstreamStatus], STATUS_LIST) ?? badChars(v[Slot.upstreamResponseTime], TIME_LIST) ??
    badChars(v[Slot.upstreamConnectTime], TIME_LIST) ?? badChars(v[Slot.upstreamHeaderTime], TIME_LIST);
  if (bad !== undefined) return `"${bad}" is not a number or an nginx list where one is expected`;
  const { attempts } = attemptsFromLists({
    addr: v[Slot.upstreamAddr],
    status: v[Slot.upstreamStatus],
    responseTime: v[Slot.upstreamResponseTime],
    connectTime: v[Slot.upstreamConnectTime],
    headerTime: v[Slot.upstreamHeaderTime],
  });
  const { method, path } = methodAndPath(v);
  const bodyBytes = v[Slot.bodyBytes];
  const bytes = absent(bodyBytes) ? v[Slot.bytesSent] : bodyBytes;
  const record: RequestRecord = {
    time,
    client: firstPresent(v[Slot.remoteAddr], firstForwarded(v[Slot.forwardedFor])),
    method,
    host: firstPresent(v[Slot.host], v[Slot.httpHost], v[Slot.serverName]),
    path,
    status,
    bytes: bytes !== undefined && isDigits(bytes) ? Number(bytes) : null,
    requestMs: secondsToMs(v[Slot.requestTime]),
    // The pool only when the format names it: ingress-nginx's upstream name first, else nginx's $proxy_host.
    pool: firstPresent(v[Slot.proxyUpstreamName], v[Slot.proxyHost]),
    attempts,
  };
  // Optional fields only when the layout logs them, so records of layouts without them stay as they were.
  if (logged.requestId) record.requestId = firstPresent(v[Slot.requestId]);
  if (logged.userAgent) record.userAgent = firstPresent(v[Slot.userAgent]);
  return record;
}

export function readTime(v: SlotValues): number | string {
  const local = v[Slot.timeLocal];
  if (local !== undefined) return parseTimeLocal(local) ?? `time "${local}" is not nginx's $time_local (25/Nov/2026:00:36:09 +0000)`;
  const iso = v[Slot.timeIso];
  if (iso !== undefined) return parseTimeIso8601(iso) ?? `time "${iso}" is not nginx's $time_iso8601 (2026-11-25T00:36:09+00:00)`;
  const msec = v[Slot.msec];
  if (msec !== undefined) return parseMsec(msec) ?? `time "${msec}" is not nginx's $msec (1795739454.884)`;
  return 'the line has no time ($time_local, $time_iso8601 or $msec)';
}

function methodAndPath(v: SlotValues): { method: string | null; path: string | null } {
  const method = v[Slot.method];
  const path = absent(v[Slot.requestUri]) ? v[Slot.uri] : v[Slot.requestUri];
  if (!absent(method) || !absent(path)) return { method: firstPresent(method), path: firstPresent(path) };
  const request = v[Slot.request];
  if (request === undefined) return { method: null, path: null };
  const firstSpace = request.indexOf(' ');
  if (firstSpace <= 0) return { method: null, path: null };
  const secondSpace = request.indexOf(' ', firstSpace + 1);
  return { method: request.slice(0, firstSpace), path: request.slice(firstSpace + 1, secondSpace < 0 ? undefined : secondSpace) };
}

function firstPresent(...values: (string | undefined)[]): string | null {
  for (const value of values) if (!absent(value)) return value;
  return null;
}

/** The client X-Forwarded-For names first ("203.0.113.9, 10.0.0.1" -> "203.0.113.9"). */
function firstForwarded(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const comma = value.indexOf(',');
  return comma < 0 ? value : value.slice(0, comma);
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

// Allowed characters per kind of value, as bit flags per char code: cheap enough to run on every line.
const NUMBER = charset('0123456789.-');
const STATUS_LIST = charset('0123456789-,: ');
const TIME_LIST = charset('0123456789.-,: ');

function charset(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/** The value when it has a character outside `allowed`, else undefined. */
function badChars(value: string | undefined, allowed: Uint8Array): string | undefined {
  if (value === undefined) return undefined;
  for (let i = 0; i < value.length; i++) if (allowed[value.charCodeAt(i)] !== 1) return value;
  return undefined;
}
