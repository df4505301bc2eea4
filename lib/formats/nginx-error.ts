import { fitShare } from './fit';
import { causeOfMessage, serverOfUpstreamUrl } from './nginx-error-cause';
import { digits } from './nginx-time';
import { defaultParseContext, type GatewayEventRecord, type LogFormat, type ParseContext, type ParseResult } from './types';

/**
 * nginx's error log: `YYYY/MM/DD HH:MM:SS [level] pid#tid: *conn message, client: IP, server: NAME,
 * request: "LINE", upstream: "URL", host: "HOST"`. The time has no zone (the server's local time), so it
 * is read in the context's offset. `*conn` and the trailing fields are missing on some lines (startup,
 * resolver, shutdown).
 */

/** Where the trailing context starts; the first one present ends the message. */
const TRAILERS = [', client: ', ', resolver: '];

interface Trailer {
  client?: string;
  server?: string;
  request?: string;
  upstream?: string;
  host?: string;
}

export function parseNginxErrorLine(line: string, context: ParseContext = defaultParseContext()): ParseResult {
  const time = parseErrorTime(line, context.utcOffsetMinutes);
  if (time === null) return { kind: 'reject', reason: 'does not start with an nginx error-log time (2026/11/25 00:34:57)' };
  if (line[20] !== '[') return { kind: 'reject', reason: 'no [level] after the time' };
  const levelEnd = line.indexOf('] ', 21);
  if (levelEnd < 0) return { kind: 'reject', reason: 'the [level] is not closed' };
  const level = line.slice(21, levelEnd);
  // "pid#tid: " identifies the nginx process; it is what tells this log from other bracketed logs.
  const pidEnd = line.indexOf(': ', levelEnd + 2);
  if (pidEnd < 0 || !/^\d+#\d+$/.test(line.slice(levelEnd + 2, pidEnd))) return { kind: 'reject', reason: 'no pid#tid after the level' };
  let at = pidEnd + 2;
  let connection: string | null = null;
  if (line[at] === '*') {
    const connEnd = line.indexOf(' ', at);
    if (connEnd > at + 1 && /^\d+$/.test(line.slice(at + 1, connEnd))) {
      connection = line.slice(at + 1, connEnd);
      at = connEnd + 1;
    }
  }
  const body = line.endsWith('\r') ? line.slice(at, -1) : line.slice(at);
  let messageEnd = body.length;
  for (const trailer of TRAILERS) {
    const found = body.indexOf(trailer);
    if (found >= 0 && found < messageEnd) messageEnd = found;
  }
  const message = body.slice(0, messageEnd);
  const trailer = parseTrailer(body, messageEnd);
  const upstreamUrl = trailer.upstream ?? null;
  const event: GatewayEventRecord = {
    time,
    level,
    message,
    cause: causeOfMessage(message, level),
    server: upstreamUrl === null ? null : serverOfUpstreamUrl(upstreamUrl),
    upstreamUrl,
    client: trailer.client || null,
    request: trailer.request || null,
    host: trailer.host || null,
    connection,
  };
  return { kind: 'event', event };
}

/** Reads `, key: value` pairs; quoted values end at `", ` or the end of the line, bare ones at `, `. */
function parseTrailer(body: string, from: number): Trailer {
  const fields: Record<string, string> = {};
  let at = from;
  while (at < body.length && body.startsWith(', ', at)) {
    const keyEnd = body.indexOf(': ', at + 2);
    if (keyEnd < 0) break;
    const key = body.slice(at + 2, keyEnd);
    let start = keyEnd + 2;
    let end: number;
    if (body[start] === '"') {
      start += 1;
      end = body.indexOf('", ', start);
      if (end < 0) end = body.endsWith('"') ? body.length - 1 : body.length;
      at = end + 1;
    } else {
      end = body.indexOf(', ', start);
      if (end < 0) end = body.length;
      at = end;
    }
    fields[key] = body.slice(start, end);
  }
  return fields;
}

/** "2026/11/25 00:34:57" read in the given offset (minutes east of UTC), as UTC epoch ms. */
function parseErrorTime(line: string, offsetMinutes: number): number | null {
  if (line.length < 21 || line[4] !== '/' || line[7] !== '/' || line[10] !== ' ' || line[13] !== ':' || line[16] !== ':' || line[19] !== ' ') {
    return null;
  }
  const parts = [digits(line, 0, 4), digits(line, 5, 2), digits(line, 8, 2), digits(line, 11, 2), digits(line, 14, 2), digits(line, 17, 2)];
  if (parts.includes(-1)) return null;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  return Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
}


export const nginxError: LogFormat = {
  id: 'nginx_error',
  gateway: 'nginx',
  label: 'nginx error log',
  needsContext: { zone: true },
  eventLog: true,
  parseLine: parseNginxErrorLine,
  timeOf: (line, context = defaultParseContext()) => parseErrorTime(line, context.utcOffsetMinutes),
  detect: (sample) => fitShare(sample, parseNginxErrorLine),
};
