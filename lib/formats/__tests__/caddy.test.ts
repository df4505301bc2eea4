import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caddyJson } from '../caddy';
import { causeOfGoError, serverOfGoError } from '../caddy-error-text';
import type { GatewayEventRecord, RequestRecord } from '../types';

// Lines written by a real Caddy 2.6.2 (e2e/fixtures/caddy, see its README for which request hit what).
const healthy =
  '{"level":"info","ts":1795739425.4152765,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"127.0.0.1","remote_port":"59192","proto":"HTTP/1.1","method":"GET","host":"127.0.0.1:18550","uri":"/healthy/item/1","headers":{"User-Agent":["fixture-client/1"],"Accept":["*/*"]}},"user_id":"","duration":0.004255309,"size":10,"status":200,"resp_headers":{"Server":["Caddy"],"Date":["Fri, 27 Nov 2026 00:30:25 GMT"],"Content-Length":["10"]}}';
const refusedError =
  '{"level":"error","ts":1795739425.4247966,"logger":"http.log.error.log0","msg":"dial tcp 127.0.0.1:18553: connect: connection refused","request":{"remote_ip":"127.0.0.1","remote_port":"59194","proto":"HTTP/1.1","method":"GET","host":"127.0.0.1:18550","uri":"/refused/item/1","headers":{"User-Agent":["fixture-client/1"],"Accept":["*/*"]}},"duration":0.000759999,"status":502,"err_id":"hwixepu2q","err_trace":"reverseproxy.statusError (reverseproxy.go:1272)"}';
const upstream502Roundtrip =
  '{"level":"debug","ts":1795739425.467839,"logger":"http.handlers.reverse_proxy","msg":"upstream roundtrip","upstream":"127.0.0.1:18558","duration":0.000879424,"request":{"remote_ip":"127.0.0.1","remote_port":"59242","proto":"HTTP/1.1","method":"GET","host":"127.0.0.1:18550","uri":"/upstream-502/item/1","headers":{"X-Forwarded-Proto":["http"],"X-Forwarded-Host":["127.0.0.1:18550"],"Accept":["*/*"],"User-Agent":["fixture-client/1"],"X-Forwarded-For":["127.0.0.1"]}},"headers":{"Content-Length":["26"],"Date":["Fri, 27 Nov 2026 00:30:25 GMT"],"Connection":["keep-alive"],"Keep-Alive":["timeout=5"]},"status":502}';
const selected =
  '{"level":"debug","ts":1795739425.4110725,"logger":"http.handlers.reverse_proxy","msg":"selected upstream","dial":"127.0.0.1:18551","total_upstreams":1}';
const tlsStartup =
  '{"level":"info","ts":1795739425.292725,"logger":"tls","msg":"cleaning storage unit","description":"FileStorage:/tmp/tmp.5seDszIX7u/data/caddy"}';

const fixture = (name: string) => join(__dirname, '../../../e2e/fixtures', name);
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
const accessLog = lines(fixture('caddy/access.log'));
const errorLog = lines(fixture('caddy/error.log'));

function request(line: string): RequestRecord {
  const result = caddyJson.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}
function event(line: string): GatewayEventRecord {
  const result = caddyJson.parseLine(line);
  if (result.kind !== 'event') throw new Error(result.kind === 'reject' ? result.reason : 'not an event');
  return result.event;
}
/** The fixture entry of `logger` for the request to `uri`. */
function entryFor(log: readonly string[], logger: string, uri: string): string {
  const line = log.find((l) => l.includes(`"logger":"${logger}"`) && l.includes(`"uri":"${uri}"`));
  if (!line) throw new Error(`no ${logger} entry for ${uri} in the fixture`);
  return line;
}

describe('Caddy JSON access entries', () => {
  it('reads every field of an access entry; Caddy 2.6 names no upstream, so there are no attempts', () => {
    expect(request(healthy)).toEqual({
      time: 1795739425415,
      client: '127.0.0.1',
      method: 'GET',
      host: '127.0.0.1:18550',
      path: '/healthy/item/1',
      status: '200',
      bytes: 10,
      requestMs: 4.255,
      pool: null,
      attempts: [],
      userAgent: 'fixture-client/1',
      connection: '127.0.0.1:59192',
    });
  });

  it('prefers client_ip (Caddy 2.7+) over remote_ip and reads an ISO time_format', () => {
    const newer = healthy
      .replace('"remote_ip":"127.0.0.1"', '"remote_ip":"10.0.0.9","client_ip":"203.0.113.5"')
      .replace('"ts":1795739425.4152765', '"ts":"2026-11-27T00:30:25.415Z"');
    expect(request(newer)).toMatchObject({ client: '203.0.113.5', time: 1795739425415 });
  });

  it('gives every access entry of the fixture a status that matches what the client saw', () => {
    const truth = lines(fixture('caddy/truth.tsv')).slice(1).map((row) => row.split('\t'));
    for (const [, , path, clientStatus] of truth) {
      expect(request(entryFor(accessLog, 'http.log.access.log0', path!)).status).toBe(clientStatus);
    }
  });
});

describe('Caddy error entries', () => {
  it('reads every field of an error entry and takes the server from the dial address', () => {
    expect(event(refusedError)).toEqual({
      time: 1795739425425,
      level: 'error',
      message: 'dial tcp 127.0.0.1:18553: connect: connection refused',
      cause: 'upstream_refused',
      server: '127.0.0.1:18553',
      client: '127.0.0.1',
      request: 'GET /refused/item/1 HTTP/1.1',
      host: '127.0.0.1:18550',
      connection: '127.0.0.1:59194',
      // The client's 502 is not the upstream's status: an error entry has none of its own.
      status: null,
    });
  });

  it('ties an error entry to its access entry by the client ip:port', () => {
    const access = entryFor(accessLog, 'http.log.access.log0', '/refused/item/1');
    expect(access).toContain('"remote_port":"59194"');
    expect(event(refusedError).connection).toBe('127.0.0.1:59194');
  });

  // Each row: the path whose upstream scripted a failure, the cause, the server the error text names.
  it.each([
    ['/refused/item/2', 'upstream_refused', '127.0.0.1:18553'],
    ['/reset/item/1', 'upstream_reset', '127.0.0.1:18554'],
    ['/close/item/1', 'upstream_closed_early', null],
    ['/partial/item/1', 'upstream_closed_early', null],
    ['/garbage/item/1', 'invalid_response', null],
    ['/slow/item/1', 'upstream_timeout', null],
    ['/tls/item/1', 'tls_failure', null],
    ['/dns/item/1', 'dns_failure', null],
    ['/dead/item/1', 'upstream_refused', '127.0.0.1:18559'],
    ['/dead/item/2', 'no_healthy_upstream', null],
  ])('maps the error entry of %s to %s', (uri, cause, server) => {
    expect(event(entryFor(errorLog, 'http.log.error.log0', uri))).toMatchObject({ cause, server, level: 'error' });
  });

  it('writes no error entry when the upstream itself answered 502', () => {
    expect(() => entryFor(errorLog, 'http.log.error.log0', '/upstream-502/item/1')).toThrow();
    expect(request(entryFor(accessLog, 'http.log.access.log0', '/upstream-502/item/1')).status).toBe('502');
  });
});

describe('Caddy reverse_proxy debug entries', () => {
  it('marks an upstream roundtrip that returned 502 as the upstream\'s own 502 and names the upstream', () => {
    expect(event(upstream502Roundtrip)).toMatchObject({
      level: 'debug',
      message: 'upstream roundtrip',
      cause: 'upstream_returned_502',
      server: '127.0.0.1:18558',
      request: 'GET /upstream-502/item/1 HTTP/1.1',
    });
  });

  it('reads a failed roundtrip from its error field, naming the upstream even for a DNS failure', () => {
    expect(event(entryFor(errorLog, 'http.handlers.reverse_proxy', '/dns/item/1'))).toMatchObject({
      cause: 'dns_failure',
      server: 'no-such-upstream.invalid:80',
      message: expect.stringContaining('upstream roundtrip: dial tcp: lookup no-such-upstream.invalid'),
    });
  });

  it('shows the retried try of a two-server pool: refused first, then a healthy answer', () => {
    const tries = errorLog
      .filter((l) => l.includes('"msg":"upstream roundtrip"') && l.includes('"uri":"/retry/item/2"'))
      .map((l) => event(l));
    expect(tries.map((t) => [t.server, t.cause])).toEqual([
      ['127.0.0.1:18553', 'upstream_refused'],
      ['127.0.0.1:18551', null],
    ]);
  });

  it('keeps "selected upstream" as context naming the dial address', () => {
    expect(event(selected)).toMatchObject({ cause: null, server: '127.0.0.1:18551', request: null, client: null });
  });
});

describe('Go error texts', () => {
  it.each([
    ['dial tcp 10.0.0.7:8080: i/o timeout', 'upstream_timeout', '10.0.0.7:8080'],
    ['context deadline exceeded', 'upstream_timeout', null],
    ['net/http: HTTP/1.x transport connection broken: malformed MIME header line: x', 'invalid_response', null],
    ['tls: failed to verify certificate: x509: certificate signed by unknown authority', 'tls_failure', null],
    ['dial tcp: lookup api on 10.0.0.53:53: read udp 10.0.0.1:5353->10.0.0.53:53: i/o timeout', 'dns_failure', null],
    ['context canceled', 'client_abort', null],
    ['something new', null, null],
  ])('%s -> %s', (text, cause, server) => {
    expect(causeOfGoError(text)).toBe(cause);
    expect(serverOfGoError(text)).toBe(server);
  });
});

describe('Caddy rejects and detection', () => {
  it('rejects entries of other loggers, naming the logger', () => {
    expect(caddyJson.parseLine(tlsStartup)).toEqual({
      kind: 'reject',
      reason: 'caddy log entry from logger tls, not an access or error entry',
    });
    const noLogger = errorLog.find((l) => !l.includes('"logger"'))!;
    expect(caddyJson.parseLine(noLogger)).toEqual({ kind: 'reject', reason: expect.stringContaining('logger (none)') });
  });

  it('rejects lines that are not JSON objects or have no time', () => {
    expect(caddyJson.parseLine('127.0.0.1 - - [x]')).toMatchObject({ kind: 'reject', reason: expect.stringContaining('not a JSON object') });
    expect(caddyJson.parseLine('{"level":')).toMatchObject({ kind: 'reject', reason: expect.stringContaining('invalid JSON') });
    expect(caddyJson.parseLine('{"msg":"x"}')).toEqual({ kind: 'reject', reason: 'no "ts" time: not a Caddy log entry' });
  });

  it('detects its own access and error logs', () => {
    expect(caddyJson.detect(accessLog)).toBe(1);
    expect(caddyJson.detect(errorLog)).toBeGreaterThan(0.9);
  });

  it('does not claim nginx or Traefik logs', () => {
    const corpus = fixture('corpus');
    for (const dir of readdirSync(corpus).filter((d) => !d.includes('.'))) {
      expect(caddyJson.detect(lines(join(corpus, dir, 'access.log')).slice(0, 50))).toBeLessThan(0.5);
    }
    expect(caddyJson.detect(lines(fixture('traefik/access-json.log')))).toBeLessThan(0.5);
    expect(caddyJson.detect(lines(fixture('traefik/access-common.log')))).toBeLessThan(0.5);
  });
});
