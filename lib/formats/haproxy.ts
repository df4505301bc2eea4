import { fitShare } from './fit';
import { findMessage } from './haproxy-syslog';
import { causeOfState, noServerIsAttempt, serverStatus } from './haproxy-termination';
import { digits, isDigits } from './nginx-time';
import { defaultParseContext, type AttemptRecord, type LogFormat, type ParseContext, type ParseResult, type RequestRecord } from './types';

/**
 * HAProxy `option httplog` lines (HAProxy 1.5 to 2.x, default layout), raw or behind a syslog prefix:
 * `client:port [accept_date] frontend backend/server TR/Tw/Tc/Tr/Ta status bytes req_cookie res_cookie
 *  state actconn/feconn/beconn/srv_conn/retries srv_queue/backend_queue [{req headers}] [{res headers}] "request"`
 * Scanned field by field with indexOf: no per-line regex, since ingest must run near 100 MB/s.
 *
 * Mapping choices (checked against e2e/fixtures/haproxy):
 * - time: accept_date, local time of the HAProxy host with a year and no zone: read in the offset an
 *   rfc5424/ISO prefix states, else in context.utcOffsetMinutes. The syslog prefix time is never needed.
 * - pool: the backend; null when the frontend answered itself (backend == frontend, <NOSRV>, no attempt).
 * - one attempt for the server, named as HAProxy writes it, backend/server ("api/web1"): a server name is
 *   the backend's own, and "web1" of two backends are two servers (merged, their failures would make one
 *   finding about servers that have nothing in common). A <NOSRV> line has an attempt with server null only
 *   when no server could take the request (SC/sQ/sC), otherwise none.
 * - attempt.status is the server's status only when its headers arrived (Tr >= 0): for SC/SH/sH/PH the
 *   logged 502/503/504 is HAProxy's own.
 * - responseMs: time from the connect to the end, Ta - TR - Tw, when a connection was made (Tc >= 0).
 * - bytes are bytes sent to the client including headers (unlike nginx's $body_bytes_sent).
 * - host: from an absolute URI in the request line, else from the first captured request header when it
 *   reads as a Host header (`capture request header Host`, declared first).
 * - retries: the count; a leading "+" (redispatched: the failed tries were on another, unnamed server) is
 *   kept only in the count, the record has no field for it.
 */

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

/** `27/Nov/2026:00:31:38.266` read as if it were UTC; null when malformed. */
export function parseAcceptDate(text: string): number | null {
  if (text.length < 20) return null;
  const millis = text.length === 20 ? 0 : text[20] === '.' ? fraction(text.slice(21, 24)) : -1;
  if (millis < 0) return null;
  // Lines of one second share the date up to the seconds: the last one read is kept.
  const second = text.slice(0, 20);
  if (second !== lastSecond.text) {
    const value = readSecond(second);
    if (value === null) return null;
    lastSecond = { text: second, value };
  }
  return lastSecond.value + millis;
}

let lastSecond = { text: '', value: 0 };

/** `27/Nov/2026:00:31:38` as if it were UTC. */
function readSecond(text: string): number | null {
  if (text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[14] !== ':' || text[17] !== ':') return null;
  const month = MONTHS[text.slice(3, 6)];
  const day = digits(text, 0, 2);
  const year = digits(text, 7, 4);
  const hours = digits(text, 12, 2);
  const minutes = digits(text, 15, 2);
  const seconds = digits(text, 18, 2);
  if (month === undefined || day < 0 || year < 0 || hours < 0 || minutes < 0 || seconds < 0) return null;
  return Date.UTC(year, month, day, hours, minutes, seconds);
}

/** Up to three digits after the decimal point as ms ("2" is 200); -1 when any is not a digit or none is there. */
function fraction(text: string): number {
  return isDigits(text) ? digits(text, 0, text.length) * 10 ** (3 - text.length) : -1;
}

/** A timer or counter: "-1" (phase never completed) is null; a "+" (option logasap: a lower bound) is dropped. */
function number(text: string): number | null {
  // A char loop, not a regex: this runs six times per line.
  let value = 0;
  const start = text.charCodeAt(0) === 43 /* + */ ? 1 : 0;
  if (text.length <= start) return null;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null; // "-1" and anything not a count
    value = value * 10 + c;
  }
  return value;
}

/**
 * A hostname, or an address with its port, and nothing else: what a Host header holds. Not a bare IP (an
 * X-Forwarded-For capture), not a number (Content-Length), nothing with a slash or a space (a user agent, a type).
 */
const HOST_HEADER = /^(?=[^|]*[A-Za-z])[A-Za-z0-9.-]+(:\d{1,5})?$|^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/;

/**
 * The host from `capture request header Host` when the request line named none: the first value of the
 * first captured block (captures are logged in the order they are declared, Host first by convention),
 * when it reads as a Host header.
 */
function withCapturedHost<T extends { host: string | null }>(parts: T, capture: string | null): T {
  if (parts.host !== null || capture === null) return parts;
  const first = capture.split('|', 1)[0]!;
  return HOST_HEADER.test(first) ? { ...parts, host: first } : parts;
}

/** Splits the request line; an absolute URI (HTTP/2 requests are logged so) gives the host. */
function requestParts(request: string): Pick<RequestRecord, 'method' | 'host' | 'path'> {
  const space = request.indexOf(' ');
  if (space <= 0 || request.startsWith('<BADREQ>')) return { method: null, host: null, path: null };
  const end = request.indexOf(' ', space + 1);
  const target = request.slice(space + 1, end < 0 ? undefined : end);
  const scheme = target.indexOf('://');
  if (scheme > 0 && scheme < 6) {
    const slash = target.indexOf('/', scheme + 3);
    return { method: request.slice(0, space), host: target.slice(scheme + 3, slash < 0 ? undefined : slash), path: slash < 0 ? '/' : target.slice(slash) };
  }
  return { method: request.slice(0, space), host: null, path: target };
}

/** Four letters or dashes ("SC--", "----"): a hand-written /^[A-Za-z-]{4}$/, as it runs for every line. */
function isTerminationState(text: string): boolean {
  if (text.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case; '-' (45) becomes 13 and is checked on its own
    if (text.charCodeAt(i) !== 45 && (c < 97 || c > 122)) return false;
  }
  return true;
}

/** The token that starts at `from` and ends at the next space. */
function token(line: string, from: number): { text: string; next: number } | null {
  const end = line.indexOf(' ', from);
  if (end < 0) return null;
  return { text: line.slice(from, end), next: end + 1 };
}

// At module level, not inside parseLine: a closure made per line costs more than the line's parsing
// when a loader keeps function names (tsx, which runs the CLI, wraps each one in a naming call).
const reject = (reason: string): ParseResult => ({ kind: 'reject', reason });

/** The front of an httplog message: `client:port [accept_date]`, the date read in the line's or the given zone. */
function readFront(line: string, context: ParseContext) {
  const prefix = findMessage(line);
  if (typeof prefix === 'string') return prefix;
  const client = token(line, prefix.start);
  const colon = client ? client.text.lastIndexOf(':') : -1;
  if (!client || colon <= 0 || line[client.next] !== '[') {
    const message = line.slice(prefix.start, prefix.start + 60);
    return `not an httplog request (no "client:port [date]" at the start of the message): "${message}"`;
  }
  const dateEnd = line.indexOf('] ', client.next);
  if (dateEnd < 0) return 'the [accept_date] is not closed';
  const local = parseAcceptDate(line.slice(client.next + 1, dateEnd));
  if (local === null) return `accept date "${line.slice(client.next + 1, dateEnd)}" is not HAProxy's (27/Nov/2026:00:31:38.266)`;
  const offset = prefix.offsetMinutes ?? context.utcOffsetMinutes;
  return { client, colon, dateEnd, time: local - offset * 60_000 };
}

/** A request's time alone, null when the line has no httplog front: enough to set aside a line outside a range unread. */
function timeOf(line: string, context: ParseContext = defaultParseContext()): number | null {
  const front = readFront(line, context);
  return typeof front === 'string' ? null : front.time;
}

function parseLine(line: string, context: ParseContext = defaultParseContext()): ParseResult {
  const front = readFront(line, context);
  if (typeof front === 'string') return reject(front);
  const { client, colon, dateEnd } = front;
  const frontend = token(line, dateEnd + 2);
  const route = frontend && token(line, frontend.next);
  const slash = route ? route.text.indexOf('/') : -1;
  if (!frontend || !route || slash <= 0) return reject('no "frontend backend/server" after the date (a tcplog or custom log-format?)');
  const timers = token(line, route.next);
  const t = timers ? timers.text.split('/') : [];
  if (!timers || t.length !== 5) return reject(`timers "${timers?.text ?? ''}" are not TR/Tw/Tc/Tr/Ta`);
  const status = token(line, timers.next);
  if (!status || !(status.text === '-1' || (status.text.length === 3 && isDigits(status.text)))) return reject(`status "${status?.text ?? ''}" is neither three digits nor -1`);
  const bytes = token(line, status.next);
  const reqCookie = bytes && token(line, bytes.next);
  const resCookie = reqCookie && token(line, reqCookie.next);
  const state = resCookie && token(line, resCookie.next);
  if (!state || !isTerminationState(state.text)) return reject(`termination state "${state?.text ?? ''}" is not four characters (SC--)`);
  const conns = token(line, state.next);
  const connFields = conns ? conns.text.split('/') : [];
  const queues = conns && token(line, conns.next);
  if (!conns || connFields.length !== 5 || !queues) return reject('no actconn/feconn/beconn/srv_conn/retries and queue fields after the termination state');
  // Captured headers: zero, one or two {..} blocks before the quoted request.
  let p = queues.next;
  let firstCapture: string | null = null;
  while (line[p] === '{') {
    const close = line.indexOf('} ', p);
    if (close < 0) return reject('a captured-header block {..} is not closed');
    firstCapture ??= line.slice(p + 1, close);
    p = close + 2;
  }
  if (line[p] !== '"') return reject('no quoted request line at the end');
  // HAProxy truncates lines at its log length (1024 by default), losing the closing quote: keep what is there.
  const last = line.length - 1;
  const request = line.slice(p + 1, last > p && line[last] === '"' ? last : undefined);

  const [tR, tw, tc, tr, ta] = t.map(number);
  const server = route.text.slice(slash + 1);
  const backend = route.text.slice(0, slash);
  const hasServer = server !== '<NOSRV>';
  const headersReceived = tr !== null && tr !== undefined;
  const attempts: AttemptRecord[] = [];
  if (hasServer || noServerIsAttempt(state.text)) {
    const connected = tc !== null && tc !== undefined;
    attempts.push({
      server: hasServer ? route.text : null,
      status: serverStatus(state.text, status.text, headersReceived),
      responseMs: connected && ta != null ? Math.max(0, ta - (tR ?? 0) - (tw ?? 0)) : null,
      connectMs: tc ?? null,
      headerMs: tr ?? null,
      cause: causeOfState(state.text, hasServer, status.text, headersReceived),
    });
  }
  // The frontend answered itself (deny, bad request): HAProxy names the frontend as the backend.
  const frontendOnly = attempts.length === 0 && backend === frontend.text.replace(/~$/, '');
  const record: RequestRecord = {
    time: front.time,
    client: client.text.slice(0, colon),
    ...withCapturedHost(requestParts(request), firstCapture),
    status: status.text,
    bytes: number(bytes?.text ?? ''),
    requestMs: ta ?? null,
    pool: frontendOnly ? null : backend,
    attempts,
    gatewayCode: state.text,
    retries: number(connFields[4] ?? ''),
  };
  return { kind: 'request', record };
}

export const haproxyHttp: LogFormat = {
  id: 'haproxy_http',
  gateway: 'haproxy',
  label: 'HAProxy option httplog (raw or syslog)',
  // The accept date has a year but no zone; a syslog prefix adds only a yearless, zoneless time.
  needsContext: { zone: true },
  parseLine,
  timeOf,
  detect: (sample) => fitShare(sample, parseLine),
};
