import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nginxError, parseNginxErrorLine } from '../nginx-error';
import { serverOfUpstreamUrl } from '../nginx-error-cause';
import type { GatewayEventRecord } from '../types';

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${path}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');
const errorLogs = [
  'corpus/nginx-api-single-server/error.log',
  'corpus/nginx-checkout-refused/error.log',
  'corpus/nginx-media-reset-close/error.log',
  'nginx-upstream/error.log',
  'nginx-family/error.log',
];
const accessLogs = [
  'corpus/nginx-api-single-server/access.log',
  'nginx-upstream/access.log',
  'nginx-family/ingress-access.log',
  'nginx-family/json-access.log',
  'nginx-family/custom-access.log',
];

// Written by a real nginx 1.22 (e2e/fixtures/nginx-family/generate.sh, run with TZ=Asia/Kolkata: +05:30).
const family = {
  refused:
    '2026/11/27 06:00:54 [error] 15484#15484: *5 connect() failed (111: Connection refused) while connecting to upstream, client: 127.0.0.1, server: shop.example.test, request: "GET /dead/item/1 HTTP/1.1", upstream: "http://127.0.0.1:18611/dead/item/1", host: "shop.example.test"',
  noLive:
    '2026/11/27 06:00:54 [error] 15484#15484: *8 no live upstreams while connecting to upstream, client: 127.0.0.1, server: shop.example.test, request: "GET /fallback/item/1 HTTP/1.1", upstream: "http://dead/fallback/item/1", host: "shop.example.test"',
  dns: '2026/11/27 06:00:58 [error] 15484#15484: *87 backend.nowhere.invalid could not be resolved (110: Operation timed out), client: 127.0.0.1, server: shop.example.test, request: "GET /dns/item/1 HTTP/1.1", host: "shop.example.test"',
  resolver: '2026/11/27 06:00:57 [error] 15484#15484: send() failed (111: Connection refused) while resolving, resolver: 127.0.0.1:18649',
  startup: '2026/11/27 06:00:54 [notice] 15481#15481: using the "epoll" event method',
  invalidHeader:
    '2026/11/27 06:00:57 [error] 15484#15484: *65 upstream sent invalid header: "no\\x20..." while reading response header from upstream, client: 127.0.0.1, server: shop.example.test, request: "GET /odd/badheader/1 HTTP/1.1", upstream: "http://127.0.0.1:18620/odd/badheader/1", host: "shop.example.test"',
  tls: '2026/11/27 06:00:57 [error] 15484#15484: *84 SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream, client: 127.0.0.1, server: shop.example.test, request: "GET /tls/item/1 HTTP/1.1", upstream: "https://127.0.0.1:18610/tls/item/1", host: "shop.example.test"',
};

function event(line: string, utcOffsetMinutes = 0): GatewayEventRecord {
  const result = parseNginxErrorLine(line, { utcOffsetMinutes, year: 2026 });
  if (result.kind !== 'event') throw new Error(result.kind === 'reject' ? result.reason : 'not an event');
  return result.event;
}


describe('the time of an nginx error line alone (timeOf, for a range)', () => {
  it('reads the time a whole parse gives, in the zone given, and none from an access line', () => {
    const context = { utcOffsetMinutes: 330, year: 2026 };
    let events = 0;
    for (const line of errorLogs.flatMap(fixture)) {
      const parsed = parseNginxErrorLine(line, context);
      if (parsed.kind !== 'event') continue;
      events++;
      expect(nginxError.timeOf!(line, context)).toBe(parsed.event.time);
    }
    expect(events).toBeGreaterThan(500);
    for (const line of accessLogs.flatMap(fixture)) expect(nginxError.timeOf!(line, context)).toBeNull();
    expect(nginxError.eventLog).toBe(true);
  });
});

describe('nginx error log', () => {
  it('reads every field of a refused connection, its zoneless time in the server offset', () => {
    expect(event(family.refused, 330)).toEqual({
      time: Date.UTC(2026, 10, 27, 0, 30, 54),
      level: 'error',
      message: 'connect() failed (111: Connection refused) while connecting to upstream',
      cause: 'upstream_refused',
      server: '127.0.0.1:18611',
      upstreamUrl: 'http://127.0.0.1:18611/dead/item/1',
      client: '127.0.0.1',
      request: 'GET /dead/item/1 HTTP/1.1',
      host: 'shop.example.test',
      connection: '5',
    });
  });

  it('reads the time as UTC when the context says nothing, and honours a negative offset', () => {
    expect(parseNginxErrorLine(family.refused)).toMatchObject({ event: { time: Date.UTC(2026, 10, 27, 6, 0, 54) } });
    expect(event(family.refused, -300).time).toBe(Date.UTC(2026, 10, 27, 11, 0, 54));
  });

  it('"no live upstreams" names the group, not a server: server null, URL kept', () => {
    expect(event(family.noLive)).toMatchObject({ cause: 'no_healthy_upstream', server: null, upstreamUrl: 'http://dead/fallback/item/1', connection: '8' });
  });

  it('a name that could not be resolved has no upstream field at all', () => {
    expect(event(family.dns)).toEqual({
      time: Date.UTC(2026, 10, 27, 6, 0, 58),
      level: 'error',
      message: 'backend.nowhere.invalid could not be resolved (110: Operation timed out)',
      cause: 'dns_failure',
      server: null,
      upstreamUrl: null,
      client: '127.0.0.1',
      request: 'GET /dns/item/1 HTTP/1.1',
      host: 'shop.example.test',
      connection: '87',
    });
  });

  it('reads lines without *conn: the resolver failing (a DNS failure, not a refused upstream) and startup notices', () => {
    expect(event(family.resolver)).toEqual({
      time: Date.UTC(2026, 10, 27, 6, 0, 57),
      level: 'error',
      message: 'send() failed (111: Connection refused) while resolving',
      cause: 'dns_failure',
      server: null,
      upstreamUrl: null,
      client: null,
      request: null,
      host: null,
      connection: null,
    });
    expect(event(family.startup)).toMatchObject({ level: 'notice', message: 'using the "epoll" event method', cause: null, connection: null });
  });

  it('keeps quotes and escapes inside the message and reads an https upstream', () => {
    expect(event(family.invalidHeader).message).toBe('upstream sent invalid header: "no\\x20..." while reading response header from upstream');
    expect(event(family.tls)).toMatchObject({ cause: 'tls_failure', server: '127.0.0.1:18610', upstreamUrl: 'https://127.0.0.1:18610/tls/item/1' });
  });

  it('maps every message real nginx wrote in the fixtures to its cause', () => {
    const causes = new Map<string, string | null>();
    for (const file of errorLogs) {
      for (const line of fixture(file)) {
        const { message, cause } = event(line);
        causes.set(message.replace(/^\S+ could not/, 'NAME could not').replace(/: ".*" while/, ': "..." while').replace(/from \d+,/, 'from PID,'), cause);
      }
    }
    expect(Object.fromEntries(causes)).toMatchObject({
      'connect() failed (111: Connection refused) while connecting to upstream': 'upstream_refused',
      'recv() failed (104: Connection reset by peer) while reading response header from upstream': 'upstream_reset',
      'upstream prematurely closed connection while reading response header from upstream': 'upstream_closed_early',
      'upstream timed out (110: Connection timed out) while reading response header from upstream': 'upstream_timeout',
      'upstream sent too big header while reading response header from upstream': 'invalid_response',
      'upstream sent no valid HTTP/1.0 header while reading response header from upstream': 'invalid_response',
      'upstream sent invalid header: "..." while reading response header from upstream': 'invalid_response',
      'upstream sent invalid chunked response while reading upstream': 'invalid_response',
      'no live upstreams while connecting to upstream': 'no_healthy_upstream',
      'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream': 'tls_failure',
      'NAME could not be resolved (110: Operation timed out)': 'dns_failure',
      'upstream server temporarily disabled while connecting to upstream': null,
      'upstream server temporarily disabled while reading response header from upstream': null,
      'start worker processes': null,
      'signal 15 (SIGTERM) received from PID, exiting': null,
    });
  });

  it('maps messages the fixtures do not have by the shared/formats table', async () => {
    const { causeOfMessage } = await import('../nginx-error-cause');
    expect(causeOfMessage('upstream timed out (110: Connection timed out) while connecting to upstream', 'error')).toBe('upstream_timeout');
    expect(causeOfMessage('upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream', 'error')).toBe('tls_failure');
    expect(causeOfMessage('64 worker_connections are not enough', 'alert')).toBeNull();
    expect(causeOfMessage('accept4() failed (24: Too many open files)', 'crit')).toBeNull();
    expect(causeOfMessage('connect() failed (113: No route to host) while connecting to upstream', 'error')).toBe('unknown');
    expect(causeOfMessage('open() "/usr/share/nginx/html/x" failed (2: No such file or directory)', 'error')).toBeNull();
  });

  it('takes host:port from upstream URLs, null for a group name', () => {
    expect(serverOfUpstreamUrl('http://127.0.0.1:18611/dead/item/1')).toBe('127.0.0.1:18611');
    expect(serverOfUpstreamUrl('http://[::1]:8080/x')).toBe('[::1]:8080');
    expect(serverOfUpstreamUrl('http://unix:/run/app.sock:/x')).toBe('unix:/run/app.sock');
    expect(serverOfUpstreamUrl('http://dead/dead/item/2')).toBeNull();
  });

  it('rejects lines that are not error-log lines, saying why', () => {
    expect(parseNginxErrorLine(fixture('nginx-upstream/access.log')[0]!)).toEqual({ kind: 'reject', reason: expect.stringContaining('nginx error-log time') });
    expect(parseNginxErrorLine('2026/11/27 06:00:54 [notice] using the "epoll" event method')).toEqual({ kind: 'reject', reason: 'no pid#tid after the level' });
  });

  it('parses every line of the real error logs and scores 1 on them, 0 on access logs', () => {
    for (const file of errorLogs) {
      expect(fixture(file).filter((line) => parseNginxErrorLine(line).kind !== 'event')).toEqual([]);
      expect(nginxError.detect(fixture(file))).toBe(1);
    }
    for (const file of accessLogs) expect(nginxError.detect(fixture(file))).toBe(0);
    expect(nginxError).toMatchObject({ id: 'nginx_error', gateway: 'nginx', needsContext: { zone: true } });
  });
});
