import type { AttemptRecord, RequestRecord } from './types';
import { envoyCause, namesUpstream, splitFlags } from './envoy-flags';
import { isoTime } from './iso-time';

/**
 * The fields Envoy's and Istio's access logs carry, named after their command operators, already with Envoy's
 * "not set" marker ("-", or null in typed JSON) turned into null. Text and JSON layouts fill this, then share
 * one mapping to the domain records.
 */
export interface EnvoyFields {
  startTime: string | null;
  method: string | null;
  path: string | null;
  responseCode: string | null;
  responseFlags: string | null;
  responseCodeDetails: string | null;
  transportFailureReason: string | null;
  bytesSent: string | null;
  duration: string | null;
  upstreamServiceTime: string | null;
  xForwardedFor: string | null;
  userAgent: string | null;
  requestId: string | null;
  authority: string | null;
  upstreamHost: string | null;
  upstreamCluster: string | null;
  downstreamRemoteAddress: string | null;
}

/** Envoy writes "-" for every value that is not set (usage.rst, "Command Operators"). */
export const unset = (value: string | null | undefined): string | null =>
  value === undefined || value === null || value === '-' || value === '' ? null : value;

const wholeNumber = (value: string | null): number | null => (value !== null && /^\d+$/.test(value) ? Number(value) : null);

/** `10.0.0.1:80` from `10.0.0.1:80` or, for TCP logs, `tcp://10.0.0.1:80` (the docs' default-format example). */
function hostPort(value: string | null): string | null {
  if (value === null) return null;
  const scheme = value.indexOf('://');
  return scheme >= 0 ? value.slice(scheme + 3) : value;
}

/** The address without its port: `10.44.1.23` from `10.44.1.23:46520`, `::1` from `[::1]:80`. */
function withoutPort(address: string): string {
  if (address.startsWith('[')) return address.slice(1, address.indexOf(']'));
  const colon = address.lastIndexOf(':');
  return colon > 0 && address.indexOf(':') === colon ? address.slice(0, colon) : address;
}

/** The client: the downstream peer Envoy saw, else the first X-Forwarded-For hop. */
function clientOf(fields: EnvoyFields): string | null {
  if (fields.downstreamRemoteAddress !== null) return withoutPort(fields.downstreamRemoteAddress);
  const first = fields.xForwardedFor?.split(',')[0]?.trim();
  return first ? first : null;
}

export function envoyRecord(fields: EnvoyFields): RequestRecord | string {
  if (fields.startTime === null) return 'no start time';
  const time = isoTime(fields.startTime);
  if (time === null) return `start time "${fields.startTime}" is not RFC 3339 (2020-11-25T21:26:18.409Z)`;
  const status = fields.responseCode;
  if (status === null || !/^\d{1,3}$/.test(status)) return `response code "${status ?? '-'}" is not a number`;
  const flags = splitFlags(fields.responseFlags);
  const server = hostPort(fields.upstreamHost);
  const attempts: AttemptRecord[] = [];
  // A request Envoy answered itself (no route, a filter) names no upstream: no attempt. One that chose a host,
  // or failed on the way to one (UH, UO ...), is one attempt: Envoy logs only the last try's host.
  if (server !== null || fields.upstreamCluster !== null || namesUpstream(flags)) {
    const viaUpstream = fields.responseCodeDetails === 'via_upstream';
    const attempt: AttemptRecord = {
      server,
      status: viaUpstream ? status : null,
      responseMs: wholeNumber(fields.upstreamServiceTime),
      connectMs: null,
      headerMs: null,
    };
    const cause = envoyCause(flags, status, fields.responseCodeDetails, fields.transportFailureReason);
    if (cause !== null) attempt.cause = cause;
    attempts.push(attempt);
  }
  return {
    time,
    client: clientOf(fields),
    method: fields.method,
    host: fields.authority,
    path: fields.path,
    status,
    bytes: wholeNumber(fields.bytesSent),
    requestMs: wholeNumber(fields.duration),
    pool: fields.upstreamCluster,
    attempts,
    gatewayCode: flags.length > 0 ? flags.join(',') : null,
    requestId: fields.requestId,
    userAgent: fields.userAgent,
  };
}
