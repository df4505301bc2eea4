import type { LogFormat, ParseResult } from './types';
import { envoyRecord, unset, type EnvoyFields } from './envoy-record';
import { isoTime } from './iso-time';
import { splitQuotedFields } from './quoted-fields';

/**
 * Envoy's default text access log and Istio's default, told apart by their field count:
 * Envoy (usage.rst "Default Format String"), 13 fields:
 *   [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 *   %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%"
 *   "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"
 * Istio (istio.io tasks/observability/logs/access-log), 22 fields: the same plus %RESPONSE_CODE_DETAILS%
 *   %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%" after the flags and %UPSTREAM_CLUSTER%
 *   %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME%
 *   %ROUTE_NAME% at the end.
 */

const ENVOY_FIELDS = 13;
const ISTIO_FIELDS = 22;

/** Fields split on spaces, `[bracketed]` and `"quoted"` ones kept whole; null when one is left open. */
export const envoyTokens = (line: string): string[] | null => splitQuotedFields(line, { brackets: true });

function requestLine(value: string): { method: string | null; path: string | null } {
  const parts = value.split(' ');
  return { method: unset(parts[0]), path: parts.length >= 2 ? unset(parts[1]) : null };
}

function fieldsOf(tokens: readonly string[]): EnvoyFields {
  const t = (i: number) => unset(tokens[i]);
  const istio = tokens.length === ISTIO_FIELDS;
  // Istio inserts three fields after the flags; everything after them shifts by three.
  const s = istio ? 3 : 0;
  const { method, path } = requestLine(tokens[1] ?? '');
  return {
    startTime: t(0),
    method,
    path,
    responseCode: t(2),
    responseFlags: t(3),
    responseCodeDetails: istio ? t(4) : null,
    transportFailureReason: istio ? t(6) : null,
    bytesSent: t(5 + s),
    duration: t(6 + s),
    upstreamServiceTime: t(7 + s),
    xForwardedFor: t(8 + s),
    userAgent: t(9 + s),
    requestId: t(10 + s),
    authority: t(11 + s),
    upstreamHost: t(12 + s),
    upstreamCluster: istio ? t(16) : null,
    downstreamRemoteAddress: istio ? t(19) : null,
  };
}

function parseLine(line: string): ParseResult {
  if (line[0] !== '[') return { kind: 'reject', reason: 'does not start with [%START_TIME%]' };
  const tokens = envoyTokens(line.trimEnd());
  if (tokens === null) return { kind: 'reject', reason: 'a [bracketed] or "quoted" field is not closed' };
  if (tokens.length !== ENVOY_FIELDS && tokens.length !== ISTIO_FIELDS) {
    return {
      kind: 'reject',
      reason: `${tokens.length} fields; Envoy's default format has ${ENVOY_FIELDS}, Istio's default ${ISTIO_FIELDS}`,
    };
  }
  const record = envoyRecord(fieldsOf(tokens));
  return typeof record === 'string' ? { kind: 'reject', reason: record } : { kind: 'request', record };
}

/** Share of sample lines that parse; a line must open with `[` and a year before the tokenizer runs. */
function detect(sample: readonly string[]): number {
  const lines = sample.filter((line) => line.trim() !== '');
  if (lines.length === 0) return 0;
  const fits = lines.filter((line) => line.startsWith('[') && /^\[\d{4}-/.test(line) && parseLine(line).kind === 'request');
  return fits.length / lines.length;
}

/** The line's [%START_TIME%] alone. */
function timeOf(line: string): number | null {
  const close = line[0] === '[' ? line.indexOf(']') : -1;
  return close < 0 ? null : isoTime(line.slice(1, close));
}

export const envoyText: LogFormat = {
  id: 'envoy_text',
  gateway: 'envoy',
  label: "Envoy default access log (or Istio's default text format)",
  detect,
  parseLine,
  timeOf,
};
