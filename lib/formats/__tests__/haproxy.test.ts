import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { haproxyHttp, parseAcceptDate } from '../haproxy';
import type { ParseContext, RequestRecord } from '../types';

// Lines written by a real HAProxy 2.6 (e2e/fixtures/haproxy, see its README for the ground truth).
const fixtures = join(__dirname, '../../../e2e/fixtures/haproxy');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8').split('\n').filter((line) => line !== '');
const accessLines = read('access.log');

const ok =
  '127.0.0.1:56026 [27/Nov/2026:00:35:43.925] fe_main ok/web1 0/0/0/0/0 200 74 - - ---- 1/1/0/0/0 0/0 {127.0.0.1:18500} {text/plain} "GET /ok/item/1 HTTP/1.1"';
const refused =
  '127.0.0.1:56042 [27/Nov/2026:00:35:43.933] fe_main refused/web1 0/0/-1/-1/603 503 217 - - SC-- 1/1/0/0/2 0/0 {127.0.0.1:18500} {} "GET /refused/item/1 HTTP/1.1"';
const reset =
  '127.0.0.1:56054 [27/Nov/2026:00:35:44.543] fe_main reset/web1 0/0/0/-1/2 502 209 - - SH-- 1/1/0/0/0 0/0 {127.0.0.1:18500} {} "GET /reset/item/1 HTTP/1.1"';
const bad502 = '127.0.0.1:50300 [27/Nov/2026:00:35:49.674] fe_plain bad502/web1 0/0/0/0/0 502 99 - - ---- 1/1/0/0/0 0/0 "GET /bad502/item/1 HTTP/1.1"';
const bodyReset =
  '127.0.0.1:50314 [27/Nov/2026:00:35:49.680] fe_plain bodyreset/web1 0/0/0/0/50 200 86 - - SD-- 1/1/0/0/0 0/0 "GET /bodyreset/item/1 HTTP/1.1"';
const slow = '127.0.0.1:50438 [27/Nov/2026:00:35:50.471] fe_plain slow/web1 0/0/0/-1/1001 504 198 - - sH-- 1/1/0/0/0 0/0 "GET /slow/item/1 HTTP/1.1"';
const noServer = '127.0.0.1:50326 [27/Nov/2026:00:35:49.738] fe_plain down/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- 1/1/0/0/0 0/0 "GET /down/item/1 HTTP/1.1"';
const redispatched =
  '127.0.0.1:50340 [27/Nov/2026:00:35:49.744] fe_plain redispatch/live 0/0/0/0/0 200 74 - - ---- 1/1/0/0/+1 0/0 "GET /redispatch/item/1 HTTP/1.1"';
const queued =
  '127.0.0.1:50532 [27/Nov/2026:00:35:53.520] fe_plain queue/<NOSRV> 0/299/-1/-1/299 503 217 - - sQ-- 3/3/2/0/0 0/1 "GET /queue/item/2 HTTP/1.1"';
const waited =
  '127.0.0.1:50476 [27/Nov/2026:00:35:52.493] fe_plain patient/web1 0/499/1/600/1100 200 79 - - ---- 5/5/0/0/0 0/1 "GET /patient/item/2 HTTP/1.1"';
const denied =
  '127.0.0.1:56320 [27/Nov/2026:00:35:48.408] fe_main fe_main/<NOSRV> 0/-1/-1/-1/0 403 192 - - PR-- 3/3/0/0/0 0/0 {127.0.0.1:18500} {} "GET /denied/item/1 HTTP/1.1"';
const emptyConnection = '127.0.0.1:50544 [27/Nov/2026:00:35:54.161] fe_plain fe_plain/<NOSRV> -1/-1/-1/-1/0 400 0 - - CR-- 1/1/0/0/0 0/0 "<BADREQ>"';
const serverDown =
  'Server down/web1 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.';

function parse(line: string, context?: ParseContext): RequestRecord {
  const result = haproxyHttp.parseLine(line, context);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

describe('haproxy httplog', () => {
  it('quotes only lines the real haproxy wrote', () => {
    for (const line of [ok, refused, reset, denied, serverDown]) expect(accessLines).toContain(line);
    for (const line of [bad502, bodyReset, slow, noServer, redispatched, queued, waited, emptyConnection]) expect(accessLines).toContain(line);
  });

  it('reads every field of a healthy request, the host from the captured Host header', () => {
    expect(parse(ok)).toEqual({
      time: Date.UTC(2026, 10, 27, 0, 35, 43, 925),
      client: '127.0.0.1',
      method: 'GET',
      host: '127.0.0.1:18500',
      path: '/ok/item/1',
      status: '200',
      bytes: 74,
      requestMs: 0,
      pool: 'ok',
      attempts: [{ server: 'ok/web1', status: '200', responseMs: 0, connectMs: 0, headerMs: 0, cause: null }],
      gatewayCode: '----',
      retries: 0,
    });
  });

  it('takes a captured header as the host only when it reads as a Host header', () => {
    // Real lines: with `capture request header Host` (fe_main) and without any capture (fe_plain).
    expect(parse(bad502).host).toBeNull();
    const withCapture = (block: string) => parse(ok.replace('{127.0.0.1:18500}', block)).host;
    expect(withCapture('{shop.example.com}')).toBe('shop.example.com');
    expect(withCapture('{shop.example.com:8443|curl/8.5.0}')).toBe('shop.example.com:8443');
    expect(withCapture('{[2001:db8::1]:443}')).toBe('[2001:db8::1]:443');
    for (const other of ['{10.0.0.7}', '{10.0.0.7, 10.0.0.8}', '{curl/8.5.0}', '{74}', '{}', '{text/plain}']) expect(withCapture(other)).toBeNull();
  });

  it('SC: a refused connection is HAProxy\'s 503, no server status, -1 timers as null, the retry count', () => {
    const record = parse(refused);
    expect(record).toMatchObject({ status: '503', bytes: 217, requestMs: 603, pool: 'refused', gatewayCode: 'SC--', retries: 2 });
    expect(record.attempts).toEqual([{ server: 'refused/web1', status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'upstream_refused' }]);
  });

  it('SH: a reset and a close before the headers log the same state, so the cause stays undecided', () => {
    const close = accessLines.find((line) => line.includes('"GET /close/item/1 ') && line.includes('fe_main'))!;
    for (const line of [reset, close]) {
      const attempt = parse(line).attempts[0];
      expect(attempt).toMatchObject({ server: expect.stringMatching(/^(reset|close)\/web1$/), status: null, connectMs: 0, headerMs: null, cause: null });
      expect(parse(line).gatewayCode).toBe('SH--');
    }
    expect(parse(reset).attempts[0]?.responseMs).toBe(2);
  });

  it('----: a 502 the server sent itself is the server\'s status', () => {
    expect(parse(bad502).attempts).toEqual([
      { server: 'bad502/web1', status: '502', responseMs: 0, connectMs: 0, headerMs: 0, cause: 'upstream_returned_502' },
    ]);
  });

  it('SD: the server\'s 200 was sent, then it reset during the body', () => {
    expect(parse(bodyReset).attempts[0]).toEqual({ server: 'bodyreset/web1', status: '200', responseMs: 50, connectMs: 0, headerMs: 0, cause: 'upstream_reset' });
  });

  it('sH: timeout server gives HAProxy\'s 504 after the whole wait', () => {
    expect(parse(slow)).toMatchObject({ status: '504', requestMs: 1001 });
    expect(parse(slow).attempts[0]).toEqual({ server: 'slow/web1', status: null, responseMs: 1001, connectMs: 0, headerMs: null, cause: 'upstream_timeout' });
  });

  it('<NOSRV> with SC: every server down is one try with no server', () => {
    expect(parse(noServer)).toMatchObject({ pool: 'down', status: '503', gatewayCode: 'SC--' });
    expect(parse(noServer).attempts).toEqual([{ server: null, status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'no_healthy_upstream' }]);
  });

  it('sQ: a queue timeout is overload; Tw is the queue wait, not upstream time', () => {
    expect(parse(queued).attempts).toEqual([{ server: null, status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'upstream_overload' }]);
    expect(parse(waited).attempts[0]).toMatchObject({ server: 'patient/web1', status: '200', responseMs: 601, connectMs: 1, headerMs: 600 });
  });

  it('reads a "+" before retries as a redispatch: the count, on the server that answered', () => {
    expect(parse(redispatched)).toMatchObject({ pool: 'redispatch', retries: 1, status: '200', attempts: [{ server: 'redispatch/live', status: '200' }] });
  });

  it('a request the frontend answered itself has no pool and no attempt', () => {
    expect(parse(denied)).toMatchObject({ pool: null, attempts: [], status: '403', gatewayCode: 'PR--', path: '/denied/item/1' });
    expect(parse(emptyConnection)).toMatchObject({ pool: null, attempts: [], status: '400', gatewayCode: 'CR--', method: null, path: null, requestMs: 0 });
  });

  it('maps every termination state the fixtures hold to the cause the client-side truth names', () => {
    // Ground truth from the README: the first path segment names the upstream behaviour.
    const expected: Record<string, [string, string | null]> = {
      ok: ['----', null], refused: ['SC--', 'upstream_refused'], reset: ['SH--', null], close: ['SH--', null],
      malformed: ['PH--', 'invalid_response'], bigheader: ['PH--', 'invalid_response'], slow: ['sH--', 'upstream_timeout'],
      bad502: ['----', 'upstream_returned_502'], bodyreset: ['SD--', 'upstream_reset'], down: ['SC--', 'no_healthy_upstream'],
      redispatch: ['----', null], blackhole: ['sC--', 'upstream_timeout'], stream: ['CD--', 'client_abort'], patient: ['----', null],
    };
    const seen = new Set<string>();
    for (const line of accessLines) {
      const result = haproxyHttp.parseLine(line);
      if (result.kind !== 'request') continue;
      const segment = result.record.path?.split('/')[1] ?? '';
      const truth = expected[segment];
      if (!truth) continue;
      seen.add(segment);
      expect([segment, result.record.gatewayCode, result.record.attempts[0]?.cause]).toEqual([segment, ...truth]);
    }
    expect([...seen].sort()).toEqual(Object.keys(expected).sort());
  });

  it('reads the accept date in the context zone, and its year rather than the context year', () => {
    const context = { utcOffsetMinutes: 60, year: 1999 };
    expect(parse(ok, context).time).toBe(Date.UTC(2026, 10, 26, 23, 35, 43, 925));
    expect(parseAcceptDate('27/Nov/2026:00:35:43.925')).toBe(Date.UTC(2026, 10, 27, 0, 35, 43, 925));
    expect(parseAcceptDate('27/Nov/2026 00:35:43')).toBeNull();
  });

  it('needs only the zone from the context', () => {
    expect(haproxyHttp.needsContext).toEqual({ zone: true });
  });
});

describe('haproxy syslog prefixes', () => {
  it('rfc3164 with "localhost" (stdout) and without a host (UDP) give the same record as the raw line', () => {
    const raw = accessLines.find((line) => line.includes('"GET /ok/warmup '))!;
    const stdout = read('syslog-rfc3164.log').find((line) => line.includes('"GET /ok/warmup '))!;
    const udp = read('syslog-udp.log').find((line) => line.includes('"GET /ok/warmup '))!;
    expect(stdout).toMatch(/^<134>Nov 27 \d\d:\d\d:\d\d localhost haproxy\[\d+\]: 127\.0\.0\.1:/);
    expect(udp).toMatch(/^<134>Nov 27 \d\d:\d\d:\d\d haproxy\[\d+\]: 127\.0\.0\.1:/);
    expect(parse(stdout)).toEqual(parse(raw));
    expect(parse(udp)).toEqual(parse(raw));
  });

  it('reads the file a syslog daemon writes from those datagrams (PRI dropped, host added)', () => {
    // Built from a real datagram: rsyslog's traditional file format drops <PRI> and inserts the host.
    const udp = read('syslog-udp.log').find((line) => line.includes('"GET /refused/item/1 '))!;
    const file = udp.replace(/^<134>(.{15}) /, '$1 gateway-01 ');
    expect(file).toMatch(/^Nov 27 \d\d:\d\d:\d\d gateway-01 haproxy\[\d+\]: /);
    expect(parse(file)).toEqual(parse(refused));
  });

  it('rfc3164 with a host, written in +05:30: the zone comes from the context', () => {
    const line = read('syslog-host-kolkata.log').find((l) => l.includes('"GET /refused/item/1 '))!;
    expect(line).toMatch(/^<134>Nov 27 \d\d:\d\d:\d\d fixture-host haproxy\[\d+\]: /);
    const local = parse(line, { utcOffsetMinutes: 0, year: 2026 }).time;
    expect(parse(line, { utcOffsetMinutes: 330, year: 2026 }).time).toBe(local - 330 * 60_000);
    expect(parse(line).attempts[0]?.cause).toBe('upstream_refused');
  });

  it('rfc5424 states its offset, which is the zone of the accept date, whatever the context says', () => {
    const line = read('syslog-rfc5424-kolkata.log').find((l) => l.includes('"GET /refused/item/1 '))!;
    const twin = read('syslog-host-kolkata.log').find((l) => l.includes('"GET /refused/item/1 '))!;
    expect(line).toMatch(/^<134>1 2026-11-27T\S+\+05:30 fixture-host haproxy \d+ - - 127\.0\.0\.1:/);
    const acceptLocal = parseAcceptDate(line.slice(line.indexOf(' [') + 2, line.indexOf('] ')))!;
    expect(parse(line, { utcOffsetMinutes: -480, year: 2000 }).time).toBe(acceptLocal - 330 * 60_000);
    expect(parse(line, { utcOffsetMinutes: -480, year: 2000 })).toEqual(parse(twin, { utcOffsetMinutes: 330, year: 2000 }));
  });
});

describe('the time of an httplog line alone (timeOf, for a range)', () => {
  it('reads the time a whole parse gives, in the given zone or the syslog prefix\'s, and none from a line that is no request', () => {
    const context = { utcOffsetMinutes: -480, year: 2000 };
    let requests = 0;
    for (const name of ['access.log', 'syslog-rfc3164.log', 'syslog-rfc5424-kolkata.log', 'haproxy-stderr.log']) {
      for (const line of read(name)) {
        const parsed = haproxyHttp.parseLine(line, context);
        if (parsed.kind === 'request') requests++;
        if (parsed.kind === 'request') expect(haproxyHttp.timeOf!(line, context)).toBe(parsed.record.time);
        if (!line.includes(' [')) expect(haproxyHttp.timeOf!(line, context)).toBeNull();
      }
    }
    expect(requests).toBeGreaterThan(60);
    expect(haproxyHttp.timeOf!(serverDown, context)).toBeNull();
  });
});

describe('haproxy rejects', () => {
  it('rejects HAProxy\'s own event lines, raw, behind syslog prefixes and on stderr, saying why', () => {
    expect(haproxyHttp.parseLine(serverDown)).toEqual({ kind: 'reject', reason: expect.stringContaining('"Server"') });
    const prefixed = [...read('syslog-rfc3164.log'), ...read('syslog-rfc5424-kolkata.log'), ...read('syslog-udp.log')].filter((l) =>
      l.includes('no server available!'),
    );
    expect(prefixed).toHaveLength(3);
    for (const line of prefixed) {
      expect(haproxyHttp.parseLine(line)).toEqual({ kind: 'reject', reason: expect.stringContaining('not an httplog request') });
    }
    for (const line of read('haproxy-stderr.log')) expect(haproxyHttp.parseLine(line).kind).toBe('reject');
  });

  it('rejects a broken field, quoting it', () => {
    expect(haproxyHttp.parseLine(ok.replace('0/0/0/0/0', '0/0/0'))).toEqual({ kind: 'reject', reason: expect.stringContaining('"0/0/0"') });
    expect(haproxyHttp.parseLine(ok.replace(' 200 74 ', ' 20x 74 '))).toEqual({ kind: 'reject', reason: expect.stringContaining('"20x"') });
    expect(haproxyHttp.parseLine(ok.replace('27/Nov/2026', '2026-11-27'))).toEqual({ kind: 'reject', reason: expect.stringContaining('accept date') });
    expect(haproxyHttp.parseLine(ok.replace(' ---- ', ' X '))).toEqual({ kind: 'reject', reason: expect.stringContaining('termination state') });
  });

  it('keeps a request line HAProxy truncated (no closing quote)', () => {
    expect(parse(bad502.slice(0, -10))).toMatchObject({ method: 'GET', path: '/bad502/item/1' });
  });
});

describe('haproxy detection', () => {
  it('fits every fixture nearly completely', () => {
    for (const name of ['access.log', 'syslog-rfc3164.log', 'syslog-udp.log', 'syslog-host-kolkata.log', 'syslog-rfc5424-kolkata.log']) {
      expect(haproxyHttp.detect(read(name))).toBeGreaterThan(0.7);
    }
  });

  it('does not take nginx access logs for HAProxy', () => {
    const corpus = join(__dirname, '../../../e2e/fixtures/corpus');
    const dirs = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      const lines = readFileSync(join(corpus, dir.name, 'access.log'), 'utf8').split('\n').slice(0, 200);
      expect(haproxyHttp.detect(lines)).toBeLessThan(0.5);
    }
  });
});
