/**
 * The prefixes in front of an HAProxy log message, as HAProxy 2.6 writes them (e2e/fixtures/haproxy):
 *   raw (`log stdout format raw`):   127.0.0.1:58064 [27/Nov/2026:00:31:38.266] ...
 *   rfc3164 (stdout or UDP):         <134>Nov 27 00:31:37 localhost haproxy[16027]: 127.0.0.1:...
 *   rfc5424:                         <134>1 2026-11-27T06:01:46.687196+05:30 fixture-host haproxy 16102 - - 127.0.0.1:...
 * and what a syslog daemon writes to a file: the rfc3164 form without `<PRI>`, or with an ISO time (rsyslog's
 * RFC3339 file format). The prefix time is never used for the record: the message's accept date is more
 * precise and has a year. Only a prefix offset (rfc5424/ISO) is kept: it is the zone the accept date is in.
 */

export interface Prefix {
  /** Index in the line where the HAProxy message begins. */
  start: number;
  /** Minutes east of UTC stated by an ISO prefix time; null when the prefix states none. */
  offsetMinutes: number | null;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

const isDigit = (c: number) => c >= 48 && c <= 57;

/** Finds the message inside the line; a string explains why a syslog-looking line has none. */
export function findMessage(line: string): Prefix | string {
  let at = 0;
  if (line.charCodeAt(0) === 60 /* < */) {
    const close = line.indexOf('>');
    if (close < 2 || close > 4) return 'a "<" at the start of the line that is not a syslog <PRI>';
    at = close + 1;
    // rfc5424 has a version ("1 ") right after the PRI.
    if (line.charCodeAt(at) === 49 /* 1 */ && line.charCodeAt(at + 1) === 32) return rfc5424(line, at + 2);
  } else if (isDigit(line.charCodeAt(0)) || line.charCodeAt(0) === 58 /* : (IPv6 "::1:port") */) {
    // A raw message starts with the client address; a syslog file line starts with a month or a year.
    const isoYear = isDigit(line.charCodeAt(1)) && isDigit(line.charCodeAt(2)) && isDigit(line.charCodeAt(3)) && line[4] === '-';
    if (!isoYear) return { start: 0, offsetMinutes: null };
  }
  return rfc3164(line, at);
}

/** `Mmm dd hh:mm:ss [host] tag[pid]: ` or `ISO-TIME host tag[pid]: `. */
function rfc3164(line: string, at: number): Prefix | string {
  let offsetMinutes: number | null = null;
  let timeEnd: number;
  if (MONTHS.indexOf(line.slice(at, at + 3)) % 3 === 0 && line.length > at + 15 && line[at + 3] === ' ') {
    // Days below 10 are space-padded ("Nov  5"), so the time is a fixed 15 characters.
    timeEnd = at + 15;
    if (line[timeEnd] !== ' ' || line[at + 9] !== ':') return `syslog time "${line.slice(at, timeEnd)}" is not "Mmm dd hh:mm:ss"`;
  } else {
    timeEnd = line.indexOf(' ', at);
    if (timeEnd < 0) return 'no syslog time after the <PRI>';
    const offset = isoOffset(line.slice(at, timeEnd));
    if (offset === undefined) {
      return at === 0
        ? `starts with "${line.slice(0, timeEnd)}": neither a client address nor a syslog time`
        : `syslog time "${line.slice(at, timeEnd)}" is neither "Mmm dd hh:mm:ss" nor ISO 8601`;
    }
    offsetMinutes = offset;
  }
  // The tag (with or without a host before it) ends at the first ": ".
  const tagEnd = line.indexOf(': ', timeEnd + 1);
  if (tagEnd < 0) return 'no "tag[pid]: " after the syslog time';
  return { start: tagEnd + 2, offsetMinutes };
}

/** `TIMESTAMP HOST APP PROCID MSGID SD MSG`, SD being "-" or [..] elements. */
function rfc5424(line: string, at: number): Prefix | string {
  const timeEnd = line.indexOf(' ', at);
  if (timeEnd < 0) return 'rfc5424 line ends after the version';
  const offsetMinutes = isoOffset(line.slice(at, timeEnd));
  if (offsetMinutes === undefined) return `rfc5424 time "${line.slice(at, timeEnd)}" is not ISO 8601`;
  let p = timeEnd;
  for (let field = 0; field < 4 && p >= 0; field++) p = line.indexOf(' ', p + 1); // HOST APP PROCID MSGID
  if (p < 0) return 'rfc5424 header has fewer than six fields';
  p++;
  if (line[p] === '-') p += 2;
  else if (line[p] === '[') {
    // Structured data: skip elements until the one that ends with "] " (HAProxy itself writes "-").
    const end = line.indexOf('] ', p);
    if (end < 0) return 'rfc5424 structured data is not closed';
    p = end + 2;
  } else return 'rfc5424 structured data is neither "-" nor [..]';
  return { start: p, offsetMinutes };
}

/** The offset an ISO 8601 time states (null for none), undefined when the text is not an ISO time. */
function isoOffset(time: string): number | null | undefined {
  if (time.length < 19 || time[4] !== '-' || time[10] !== 'T' || time[13] !== ':') return undefined;
  if (time.endsWith('Z')) return 0;
  const sign = time[time.length - 6];
  if ((sign === '+' || sign === '-') && time[time.length - 3] === ':') {
    const hours = Number(time.slice(-5, -3));
    const minutes = Number(time.slice(-2));
    if (Number.isNaN(hours) || Number.isNaN(minutes)) return undefined;
    return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return null;
}
