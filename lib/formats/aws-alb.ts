import type { LogFormat, ParseResult, RequestRecord } from './types';
import { dash, elbAttempt, elbTokens, requestParts, totalMs, withoutPort } from './aws-elb-common';
import { isoTime } from './iso-time';

/**
 * AWS Application Load Balancer access log entries (AWS "Access log entries"): `type time elb client:port
 * target:port request_processing_time target_processing_time response_processing_time elb_status_code
 * target_status_code received_bytes sent_bytes "request" "user_agent" ssl_cipher ssl_protocol target_group_arn
 * "trace_id" "domain_name" "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed"
 * "redirect_url" "error_reason" "target:port_list" "target_status_code_list" "classification"
 * "classification_reason"`. AWS adds fields at the end over time and says to ignore unexpected trailing ones,
 * so older entries (ending after the target group or the actions) and newer ones both parse.
 */

const F = {
  type: 0, time: 1, elb: 2, client: 3, target: 4, requestTime: 5, targetTime: 6, responseTime: 7,
  elbStatus: 8, targetStatus: 9, sentBytes: 11, request: 12, userAgent: 13, targetGroup: 16, traceId: 17,
  actions: 22, errorReason: 24, classification: 27,
} as const;

/** Through target_group_arn: the oldest documented entries carry at least these. */
const MIN_FIELDS = 17;

/** `my-targets` from `arn:aws:elasticloadbalancing:...:targetgroup/my-targets/73e2d6bc24d8a067`. */
export function targetGroupName(arn: string | null): string | null {
  if (arn === null) return null;
  const at = arn.indexOf('targetgroup/');
  if (at < 0) return arn;
  return arn.slice(at + 'targetgroup/'.length).split('/')[0] || arn;
}

function parseLine(line: string): ParseResult {
  const t = elbTokens(line.trim());
  if (t === null) return { kind: 'reject', reason: 'a "quoted" field is not closed' };
  if (t.length < MIN_FIELDS) return { kind: 'reject', reason: `${t.length} fields; an ALB entry has at least ${MIN_FIELDS} (through target_group_arn)` };
  const elb = t[F.elb]!;
  if (!elb.startsWith('app/')) return { kind: 'reject', reason: `load balancer "${elb}" is not an ALB resource id (app/name/id)` };
  const timeText = t[F.time]!;
  const time = isoTime(timeText);
  if (time === null) return { kind: 'reject', reason: `time "${timeText}" is not ISO 8601` };
  const elbStatus = t[F.elbStatus]!;
  if (!/^\d{3}$/.test(elbStatus)) return { kind: 'reject', reason: `elb_status_code "${elbStatus}" is not three digits` };
  const target = dash(t[F.target]);
  const targetStatus = dash(t[F.targetStatus]);
  const errorReason = dash(t[F.errorReason]);
  const actions = dash(t[F.actions]);
  const pool = targetGroupName(dash(t[F.targetGroup]));
  const { method, host, path } = requestParts(t[F.request]!);
  const sent = t[F.sentBytes]!;
  const record: RequestRecord = {
    time,
    client: withoutPort(dash(t[F.client])),
    method,
    host,
    path,
    status: elbStatus,
    bytes: /^\d+$/.test(sent) ? Number(sent) : null,
    requestMs: totalMs([t[F.requestTime], t[F.targetTime], t[F.responseTime]]),
    pool,
    attempts: elbAttempt({
      target,
      elbStatus,
      targetStatus,
      targetSeconds: t[F.targetTime],
      errorReason,
      // Without the actions field (older entries) a named target group means the request was routed to it.
      forwarded: actions === null ? pool !== null : actions.split(',').includes('forward'),
    }),
    gatewayCode: errorReason ?? dash(t[F.classification]),
    requestId: dash(t[F.traceId]),
    userAgent: dash(t[F.userAgent]),
  };
  return { kind: 'request', record };
}

/** Share of sample lines that parse; the ` app/` resource id is looked for before tokenizing. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter((line) => line.indexOf(' app/') > 0 && parseLine(line).kind === 'request');
  return fits.length / lines.length;
}

/** The entry's time alone: its second field, when the third is an ALB's resource id. */
function timeOf(line: string): number | null {
  const first = line.indexOf(' ');
  const second = first < 0 ? -1 : line.indexOf(' ', first + 1);
  return second < 0 || !line.startsWith('app/', second + 1) ? null : isoTime(line.slice(first + 1, second));
}

export const awsAlb: LogFormat = {
  id: 'aws_alb',
  gateway: 'aws-alb',
  label: 'AWS Application Load Balancer access log',
  detect,
  parseLine,
  timeOf,
};
