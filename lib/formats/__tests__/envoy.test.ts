import { describe, expect, it } from 'vitest';
import { envoyText, envoyTokens } from '../envoy-text';
import { envoyJson } from '../envoy-json';
import { envoyCause } from '../envoy-flags';
import type { LogFormat, RequestRecord } from '../types';
import { fixtures, nginxCorpus } from './cloud-fixtures';

function parse(format: LogFormat, line: string): RequestRecord {
  const result = format.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

const [docsLine, katacodaLine] = fixtures.envoyDefault as [string, string];
const [sleepLine, httpbinLine] = fixtures.istioDefault as [string, string];
const [istioJsonLine] = fixtures.istioJson as [string];

/**
 * Derived lines (e2e/fixtures/envoy/README.md): no failure line is published in Envoy's or Istio's docs, so these
 * change only the named fields of istio.io's sleep line (status 418, flags "-", details via_upstream).
 */
function derived(change: { status?: string; flags?: string; details?: string; transport?: string; host?: string }): string {
  let line = sleepLine;
  if (change.status) line = line.replace('" 418 ', `" ${change.status} `);
  if (change.flags) line = line.replace(' - via_upstream ', ` ${change.flags} via_upstream `);
  if (change.details) line = line.replace(' via_upstream ', ` ${change.details} `);
  if (change.transport) line = line.replace(' - "-" 0 135', ` - "${change.transport}" 0 135`);
  if (change.host) line = line.replace('"10.44.1.27:80"', `"${change.host}"`);
  return line;
}

describe('envoy_text: Istio default format', () => {
  it('reads every field of istio.io sleep-side line', () => {
    expect(parse(envoyText, sleepLine)).toEqual({
      time: Date.UTC(2020, 10, 25, 21, 26, 18, 409),
      client: '10.44.1.23',
      method: 'GET',
      host: 'httpbin:8000',
      path: '/status/418',
      status: '418',
      bytes: 135,
      requestMs: 4,
      pool: 'outbound|8000||httpbin.foo.svc.cluster.local',
      attempts: [{ server: '10.44.1.27:80', status: '418', responseMs: 4, connectMs: null, headerMs: null }],
      gatewayCode: null,
      requestId: '84961386-6d84-929d-98bd-c5aee93b5c88',
      userAgent: 'curl/7.73.0-DEV',
    });
  });

  it('reads the server-side line: inbound cluster, local upstream', () => {
    const record = parse(envoyText, httpbinLine);
    expect(record.pool).toBe('inbound|8000||');
    expect(record.attempts).toEqual([{ server: '127.0.0.1:80', status: '418', responseMs: 1, connectMs: null, headerMs: null }]);
    expect(record.requestMs).toBe(3);
  });
});

describe('envoy_text: Envoy default format', () => {
  it("reads the docs' example: no cluster, TCP-style upstream host without its scheme", () => {
    expect(parse(envoyText, docsLine)).toEqual({
      time: Date.UTC(2016, 3, 15, 20, 17, 0, 310),
      client: '10.0.35.28',
      method: 'POST',
      host: 'locations',
      path: '/api/v1/locations',
      status: '204',
      bytes: 0,
      requestMs: 226,
      pool: null,
      // The default format has no response code details, so it cannot say the status came from upstream.
      attempts: [{ server: '10.0.2.1:80', status: null, responseMs: 100, connectMs: null, headerMs: null }],
      gatewayCode: null,
      requestId: 'cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2',
      userAgent: 'nsq2http',
    });
  });

  it('reads "-" as not set (no X-Forwarded-For: no client)', () => {
    const record = parse(envoyText, katacodaLine);
    expect(record).toMatchObject({ client: null, status: '200', bytes: 58, requestMs: 4, host: 'one.example.com' });
    expect(record.attempts[0]?.server).toBe('172.18.0.4:80');
  });
});

describe('envoy_text: response flags to causes (derived lines)', () => {
  const causeOf = (line: string) => parse(envoyText, line).attempts[0]?.cause;

  it('UF is a refused connection, with the flags kept as the gateway code', () => {
    const record = parse(envoyText, derived({ status: '503', flags: 'UF,URX', details: 'upstream_reset_before_response_started{connection_failure}' }));
    expect(record.gatewayCode).toBe('UF,URX');
    expect(record.attempts[0]).toMatchObject({ server: '10.44.1.27:80', status: null, cause: 'upstream_refused' });
  });

  it('UF with a TLS transport failure reason is a TLS failure', () => {
    const line = derived({ status: '503', flags: 'UF,URX', details: 'upstream_reset_before_response_started{connection_failure}', transport: 'TLS error: Secret is not supplied by SDS' });
    expect(causeOf(line)).toBe('tls_failure');
  });

  it('UF whose reason says reset or timeout follows it', () => {
    expect(envoyCause(['UF'], '503', null, 'connection reset by peer')).toBe('upstream_reset');
    expect(envoyCause(['UF'], '503', 'upstream_reset_before_response_started{connection_timeout}', null)).toBe('upstream_timeout');
  });

  it('UH has no host chosen: one attempt with server null', () => {
    const record = parse(envoyText, derived({ status: '503', flags: 'UH', details: 'no_healthy_upstream', host: '-' }));
    expect(record.attempts).toEqual([{ server: null, status: null, responseMs: 4, connectMs: null, headerMs: null, cause: 'no_healthy_upstream' }]);
  });

  it.each([
    ['UO', '503', 'upstream_overload'],
    ['UC', '503', 'upstream_closed_early'],
    ['UR', '503', 'upstream_reset'],
    ['UT', '504', 'upstream_timeout'],
    ['UPE', '502', 'invalid_response'],
    ['DC', '503', 'client_abort'],
    ['UT,URX', '504', 'upstream_timeout'],
  ])('%s (%s) is %s', (flags, status, cause) => {
    expect(causeOf(derived({ status, flags, details: 'upstream_reset_before_response_started{x}' }))).toBe(cause);
  });

  it('a 502 the upstream sent itself (via_upstream, no flags) is upstream_returned_502 with its status', () => {
    const record = parse(envoyText, derived({ status: '502' }));
    expect(record.gatewayCode).toBeNull();
    expect(record.attempts[0]).toMatchObject({ status: '502', cause: 'upstream_returned_502' });
  });

  it('URX after upstream answers keeps their status and decides nothing for a 503', () => {
    expect(causeOf(derived({ status: '503', flags: 'URX' }))).toBeUndefined();
    expect(causeOf(derived({ status: '502', flags: 'URX' }))).toBe('upstream_returned_502');
  });

  it('a request Envoy answered itself (NR, no cluster, no host) has no attempt', () => {
    const line = derived({ status: '404', flags: 'NR', details: 'route_not_found', host: '-' }).replace('outbound|8000||httpbin.foo.svc.cluster.local', '-');
    expect(parse(envoyText, line).attempts).toEqual([]);
  });
});

describe('envoy_text: rejects', () => {
  it('says how many fields it found', () => {
    expect(envoyText.parseLine(sleepLine.replace(' default', ''))).toEqual({
      kind: 'reject',
      reason: "21 fields; Envoy's default format has 13, Istio's default 22",
    });
  });
  it('names an unclosed quote, a bad time and a bad status', () => {
    expect(envoyText.parseLine(docsLine.slice(0, -1))).toMatchObject({ reason: expect.stringContaining('not closed') });
    expect(envoyText.parseLine(docsLine.replace('2016-04-15T20:17:00.310Z', 'yesterday'))).toEqual({ kind: 'reject', reason: 'start time "yesterday" is not RFC 3339 (2020-11-25T21:26:18.409Z)' });
    expect(envoyText.parseLine(docsLine.replace('[2016-04-15T20:17:00.310Z]', '[15/Apr/2016:20:17:00 +0000]'))).toMatchObject({ reason: expect.stringContaining('is not RFC 3339') });
    expect(envoyText.parseLine(docsLine.replace('" 204 ', '" 2x4 '))).toMatchObject({ reason: 'response code "2x4" is not a number' });
    expect(envoyText.parseLine('GET / 200')).toMatchObject({ reason: 'does not start with [%START_TIME%]' });
  });
  it('keeps a quote inside a quoted field', () => {
    expect(envoyTokens('[t] "a "b"c" x')).toEqual(['t', 'a "b"c', 'x']);
  });
});

describe('envoy_json', () => {
  it('reads the Istio default JSON keys (derived line) like the text line it encodes', () => {
    expect(parse(envoyJson, istioJsonLine)).toEqual(parse(envoyText, sleepLine));
  });

  it('reads typed JSON (numbers, null) and Envoy Gateway header-named keys', () => {
    const typed = JSON.parse(istioJsonLine) as Record<string, unknown>;
    Object.assign(typed, { response_code: 503, response_flags: 'UH', response_code_details: 'no_healthy_upstream', upstream_host: null, duration: 0, bytes_sent: 19 });
    const record = parse(envoyJson, JSON.stringify(typed));
    expect(record).toMatchObject({ status: '503', requestMs: 0, bytes: 19, gatewayCode: 'UH' });
    expect(record.attempts[0]).toMatchObject({ server: null, cause: 'no_healthy_upstream' });
    const gateway = { start_time: '2020-11-25T21:26:18.409Z', response_code: 200, ':authority': 'a.example', 'x-request-id': 'r1', 'user-agent': 'ua', 'x-envoy-origin-path': '/p' };
    expect(parse(envoyJson, JSON.stringify(gateway))).toMatchObject({ host: 'a.example', requestId: 'r1', userAgent: 'ua', path: '/p', attempts: [] });
  });

  it("rejects Envoy docs' json_format example, which has no response code, and broken JSON", () => {
    const docsExample = '{"protocol": "HTTP/1.1", "duration": "123", "my_custom_header": "value_of_MY_CUSTOM_HEADER"}';
    expect(envoyJson.parseLine(docsExample)).toEqual({ kind: 'reject', reason: 'no "response_code" key (%RESPONSE_CODE%)' });
    expect(envoyJson.parseLine('{"response_code": 200}')).toEqual({ kind: 'reject', reason: 'no "start_time" key (%START_TIME%)' });
    expect(envoyJson.parseLine('{"response_code":')).toMatchObject({ reason: expect.stringContaining('invalid JSON') });
    expect(envoyJson.parseLine('[1]')).toMatchObject({ kind: 'reject' });
  });
});

describe('detection', () => {
  const others = [fixtures.alb, fixtures.elbClassic, fixtures.gcp, ...nginxCorpus()];
  it('is certain on its own fixtures', () => {
    expect(envoyText.detect(fixtures.envoyDefault)).toBe(1);
    expect(envoyText.detect(fixtures.istioDefault)).toBe(1);
    expect(envoyJson.detect(fixtures.istioJson)).toBe(1);
  });
  it('stays low on the other formats and on real nginx logs', () => {
    for (const sample of [...others, fixtures.istioJson]) expect(envoyText.detect(sample)).toBeLessThan(0.5);
    for (const sample of [...others, fixtures.istioDefault, fixtures.envoyDefault]) expect(envoyJson.detect(sample)).toBeLessThan(0.5);
  });
});
