import type { LogFormat, ParseResult, RequestRecord } from './types';
import { dash, elbAttempt, elbTokens, requestParts, totalMs, withoutPort } from './aws-elb-common';
import { isoTime } from './iso-time';

/**
 * AWS Classic Load Balancer access log entries (awsdocs elb-classic-load-balancers-user-guide,
 * access-log-collection.md): `timestamp elb client:port backend:port request_processing_time
 * backend_processing_time response_processing_time elb_status_code backend_status_code received_bytes
 * sent_bytes "request" "user_agent" ssl_cipher ssl_protocol`. A Classic ELB has one set of registered
 * instances, so the load balancer's name is the pool.
 */

const FIELDS = 15;

function parseLine(line: string): ParseResult {
  const t = elbTokens(line.trim());
  if (t === null) return { kind: 'reject', reason: 'a "quoted" field is not closed' };
  if (t.length !== FIELDS) return { kind: 'reject', reason: `${t.length} fields; a Classic ELB entry has ${FIELDS}` };
  const timeText = t[0]!;
  const time = isoTime(timeText);
  if (time === null) return { kind: 'reject', reason: `time "${timeText}" is not ISO 8601` };
  const elbStatus = t[7]!;
  if (elbStatus === '-') {
    // TCP and SSL listeners log no HTTP status (the docs' TCP and SSL examples): nothing to count as a request.
    return { kind: 'reject', reason: 'TCP/SSL listener entry: no HTTP status (elb_status_code "-")' };
  }
  if (!/^\d{3}$/.test(elbStatus)) return { kind: 'reject', reason: `elb_status_code "${elbStatus}" is not three digits` };
  const pool = dash(t[1]);
  const { method, host, path } = requestParts(t[11]!);
  const sent = t[10]!;
  const record: RequestRecord = {
    time,
    client: withoutPort(dash(t[2])),
    method,
    host,
    path,
    status: elbStatus,
    bytes: /^\d+$/.test(sent) ? Number(sent) : null,
    requestMs: totalMs([t[4], t[5], t[6]]),
    pool,
    attempts: elbAttempt({
      target: dash(t[3]),
      elbStatus,
      targetStatus: dash(t[8]),
      targetSeconds: t[5],
      errorReason: null,
      forwarded: true,
    }),
    userAgent: dash(t[12]),
  };
  return { kind: 'request', record };
}

/** Share of sample lines that parse; the leading ISO date is checked before tokenizing. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter((line) => /^\d{4}-\d\d-\d\dT/.test(line) && parseLine(line).kind === 'request');
  return fits.length / lines.length;
}

/** The entry's time alone: its first field. */
function timeOf(line: string): number | null {
  const space = line.indexOf(' ');
  return space < 0 ? null : isoTime(line.slice(0, space));
}

export const awsElbClassic: LogFormat = {
  id: 'aws_elb_classic',
  gateway: 'aws-elb',
  label: 'AWS Classic Load Balancer access log',
  detect,
  parseLine,
  timeOf,
};
