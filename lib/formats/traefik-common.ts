import { fitShare } from './fit';
import { parseTimeLocal } from './nginx-time';
import type { AttemptRecord, LogFormat, ParseResult, RequestRecord } from './types';
import { serviceServer } from './traefik-service';

/**
 * Traefik's default access log (`common`): CLF, then the request count, the quoted router name, the service
 * URL and the duration, as Traefik's CommonLogFormatter writes it:
 *   `<ClientHost> - <ClientUsername> [<StartUTC>] "<Method> <Path> <Protocol>" <DownstreamStatus>
 *    <DownstreamContentSize> "<Referer>" "<User-Agent>" <RequestCount> "<RouterName>" "<ServiceURL>" <Duration>ms`
 * Dropped fields are written as `-` (`"-"` when quoted, `[-]` for the time); Traefik's own parser also reads
 * an unquoted `-` service URL. The format has no origin status, so an attempt's status is never known.
 */
const LINE =
  /^(\S+) (\S+) (\S+) \[([^\]]+)\] "([^"]*)" (\S+) (\S+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" (\S+) "([^"]*)" ("[^"]*"|-) (\d+)ms$/;

const orNull = (value: string | undefined): string | null => (value === undefined || value === '-' || value === '' ? null : value);

function parseLine(line: string): ParseResult {
  const match = LINE.exec(line.trim());
  if (!match) {
    return {
      kind: 'reject',
      reason: 'not Traefik\'s common layout: CLF followed by <count> "<router>" "<service URL>" <duration>ms',
    };
  }
  const [, client, , , timeText = '', request = '', status = '', size = '', , agent, , , serviceText = '', duration = ''] = match;
  const time = parseTimeLocal(timeText);
  if (time === null) return { kind: 'reject', reason: `time "${timeText}" is not CLF time (13/Apr/2016:07:14:19 -0700)` };
  // Traefik writes "-" when no status was recorded; Traefik 1.4 wrote "%!d(<nil>)" (traefik/traefik#2112).
  if (!/^\d{1,3}$/.test(status)) return { kind: 'reject', reason: `status "${status}" is not a number: Traefik recorded none` };
  const [method, path] = request.split(' ');
  const serviceUrl = serviceText.startsWith('"') ? serviceText.slice(1, -1) : serviceText;
  const server = serviceServer(null, serviceUrl);
  const attempts: AttemptRecord[] =
    server === null ? [] : [{ server, status: null, responseMs: null, connectMs: null, headerMs: null }];
  const record: RequestRecord = {
    time,
    client: orNull(client),
    method: orNull(method),
    host: null,
    path: orNull(path),
    status,
    bytes: /^\d+$/.test(size) ? Number(size) : null,
    requestMs: Number(duration),
    // The common layout names the router, not the service: the pool stays unknown.
    pool: null,
    attempts,
    userAgent: orNull(agent),
  };
  return { kind: 'request', record };
}

/** The line's CLF [time] alone: the first bracket after the client, ident and user. */
function timeOf(line: string): number | null {
  const open = line.indexOf(' [');
  const close = open < 0 ? -1 : line.indexOf('] ', open);
  return close < 0 ? null : parseTimeLocal(line.slice(open + 2, close));
}

export const traefikCommon: LogFormat = {
  id: 'traefik_common',
  gateway: 'traefik',
  label: 'Traefik common access log (CLF + request count, router, service URL, duration)',
  detect: (sample) => fitShare(sample, parseLine),
  parseLine,
  timeOf,
};
