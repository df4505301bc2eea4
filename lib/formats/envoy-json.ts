import type { LogFormat, ParseResult } from './types';
import { envoyRecord, unset, type EnvoyFields } from './envoy-record';
import { isoTime } from './iso-time';
import { jsonObjectOfLine } from './json-line';
import { topLevelStrings } from './json-top-level';

/**
 * Envoy JSON access logs (`json_format` / `typed_json_format`): keys are chosen by the operator, so each field
 * is looked up under the names in use: Istio's default JSON keys (`response_code`, `upstream_cluster` ...) and
 * the header-named variants Envoy Gateway's default writes (`:authority`, `x-request-id`, `user-agent` ...).
 * Values are strings in `json_format` and numbers or null in typed JSON; "-" means not set in both.
 */

type Json = Record<string, unknown>;

const keys: Record<keyof EnvoyFields, readonly string[]> = {
  startTime: ['start_time'],
  method: ['method'],
  path: ['path', 'x-envoy-origin-path'],
  responseCode: ['response_code'],
  responseFlags: ['response_flags'],
  responseCodeDetails: ['response_code_details'],
  transportFailureReason: ['upstream_transport_failure_reason'],
  bytesSent: ['bytes_sent'],
  duration: ['duration'],
  upstreamServiceTime: ['upstream_service_time', 'x-envoy-upstream-service-time'],
  xForwardedFor: ['x_forwarded_for', 'x-forwarded-for'],
  userAgent: ['user_agent', 'user-agent'],
  requestId: ['request_id', 'x-request-id'],
  authority: ['authority', ':authority'],
  upstreamHost: ['upstream_host'],
  upstreamCluster: ['upstream_cluster'],
  downstreamRemoteAddress: ['downstream_remote_address'],
};

function text(value: unknown): string | null {
  if (typeof value === 'string') return unset(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function fieldsOf(entry: Json): EnvoyFields {
  const fields = {} as EnvoyFields;
  for (const name of Object.keys(keys) as (keyof EnvoyFields)[]) {
    let value: string | null = null;
    for (const key of keys[name]) {
      value = text(entry[key]);
      if (value !== null) break;
    }
    fields[name] = value;
  }
  return fields;
}

function parseLine(line: string): ParseResult {
  const json = jsonObjectOfLine(line, 'Envoy JSON access logs have one object per line');
  if ('reason' in json) return { kind: 'reject', reason: json.reason };
  const entry = json.object as Json;
  if (!('response_code' in entry)) return { kind: 'reject', reason: 'no "response_code" key (%RESPONSE_CODE%)' };
  if (!('start_time' in entry)) return { kind: 'reject', reason: 'no "start_time" key (%START_TIME%)' };
  const record = envoyRecord(fieldsOf(entry));
  return typeof record === 'string' ? { kind: 'reject', reason: record } : { kind: 'request', record };
}

/** Share of sample lines that parse; both required keys are looked for before paying for JSON.parse. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter(
    (line) => line.indexOf('"response_code"') >= 0 && line.indexOf('"start_time"') >= 0 && parseLine(line).kind === 'request',
  );
  return fits.length / lines.length;
}

/** The line's start_time alone, which Istio's and Envoy Gateway's JSON formats write first. */
function timeOf(line: string): number | null {
  const start = topLevelStrings(line, keys.startTime)?.find((value) => value !== undefined);
  return start === undefined ? null : isoTime(start);
}

export const envoyJson: LogFormat = {
  id: 'envoy_json',
  gateway: 'envoy',
  label: 'Envoy / Istio JSON access log',
  detect,
  parseLine,
  timeOf,
};
