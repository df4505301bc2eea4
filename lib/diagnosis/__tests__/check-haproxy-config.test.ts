import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHaproxyConfig } from '../config/check-haproxy-config';

// Both checked with `haproxy -c` 2.6: valid, shop.cfg with the warnings fixtures/haproxy/README.md quotes.
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/haproxy', name), 'utf8');
const shop = fixture('shop.cfg');

/** An incident with every cause the checks know, the slowest 1% of responses just over a second. */
const everything = {
  causes: { upstream_refused: 149, upstream_timeout: 120, invalid_response: 160, no_healthy_upstream: 30, upstream_overload: 12, client_abort: 5, upstream_closed_early: 7, tls_failure: 3 },
  p99Ms: 1001,
};

describe('checking an HAProxy configuration against the failures seen', () => {
  it('points at each setting behind the failures, with its line, the relevant ones first', () => {
    const { points, errors } = checkHaproxyConfig(shop, everything);
    expect(errors).toEqual([]);
    expect(points.map((p) => [p.line, p.directive, p.relevant])).toEqual([
      [5, 'tune.bufsize 8192', true],
      [20, 'timeout connect 500ms', true],
      [22, 'timeout server 1s', true],
      [32, 'backend checkout', true],
      [33, 'server co1 127.0.0.1:18101', true],
      [34, 'server co2 127.0.0.1:18102', true],
      [37, 'backend api', true],
      [38, 'retries 0', true],
      [47, 'http-reuse always', true],
      [49, 'server s1 127.0.0.1:18121 maxconn 20', true],
      [53, 'server pay payments.internal:443 ssl verify none init-addr last,libc,none', true],
      [53, 'server pay payments.internal:443 ssl verify none init-addr last,libc,none', true],
      [58, 'backend reports from legacy', true],
    ]);
  });

  it('says why, and which of the incident\'s figures make each point relevant', () => {
    const { points } = checkHaproxyConfig(shop, everything);
    const at = (line: number, start = '') => points.find((p) => p.line === line && p.why.startsWith(start))!;
    expect(at(5)).toMatchObject({ evidence: '160 attempts failed with an invalid or oversized response' });
    expect(at(5).why).toContain('8192 − 1024 = 7168 bytes');
    // timeout server: inherited from the defaults by four backends (search sets its own 5s).
    expect(at(22).why).toContain('(backends checkout, api, pay, catalog)');
    expect(at(22).evidence).toBe('120 attempts timed out; the slowest 1% of responses took 1001 ms');
    expect(at(20).why).toContain('lost SYN');
    expect(at(32).why).toMatch(/^no option redispatch: HAProxy retries a failed connect on the same server \(2 times/);
    expect(at(33)).toMatchObject({ evidence: '149 attempts were refused' });
    expect(at(33).why).toContain('co1 has no check');
    expect(at(37).why).toContain('fall 1 takes api1, api2 out at the first failed check');
    expect(at(37).why).toContain('a check of api1, api2 fails when it takes over 500 ms');
    expect(at(37).evidence).toBe('30 attempts found no server up (503, <NOSRV>)');
    expect(at(47).evidence).toBe('7 attempts were closed before a response');
    // No timeout queue in search: the queue waits timeout connect (500ms) from the defaults.
    expect(at(49).why).toContain('after 500ms (timeout connect, as timeout queue is not set) HAProxy answers 503 (sQ)');
    expect(at(53, 'TLS')).toMatchObject({ evidence: '3 attempts failed the TLS handshake' });
    expect(at(53, 'payments.internal')).toMatchObject({ evidence: '149 attempts were refused; 120 attempts timed out' });
    expect(at(53, 'payments.internal').why).toContain('a resolvers section exists, but this server does not name it');
    // What `haproxy -c` warns of ("missing timeouts for backend 'reports'").
    expect(at(58).why).toMatch(/^no timeout connect and no timeout server here or in its defaults/);
    expect(at(58).evidence).toBe('5 attempts ended with the client giving up');
  });

  it('marks as risks only what the incident did not show', () => {
    const { points } = checkHaproxyConfig(shop, { causes: { upstream_timeout: 120 }, p99Ms: 1001 });
    expect(points.filter((p) => p.relevant).map((p) => p.line)).toEqual([20, 22, 53]);
    const risk = points.find((p) => p.line === 5)!;
    expect(risk).toMatchObject({ relevant: false, evidence: 'not seen in this incident, a risk only' });
    expect(points.filter((p) => !p.relevant).map((p) => p.line)).toEqual([5, 32, 33, 34, 37, 38, 47, 49, 53, 58]);
  });

  it('holds timeout server against the latencies seen, not only against timeouts', () => {
    // Fast responses: a 1 s timeout server is no suspect, even with timeouts (those were connects, or a hung server).
    const fast = checkHaproxyConfig(shop, { causes: { upstream_timeout: 120 }, p99Ms: 300 });
    expect(fast.points.some((p) => p.directive === 'timeout server 1s')).toBe(false);
    // 4.2 s is within 80% of search's 5s: slow enough to be cut off, yet no timeout was seen.
    const slow = checkHaproxyConfig(shop, { causes: {}, p99Ms: 4200 });
    expect(slow.points.filter((p) => p.directive.startsWith('timeout server')).map((p) => [p.line, p.relevant])).toEqual([
      [22, false],
      [48, false],
    ]);
    // No latency figures: timeouts alone point at it.
    const unknown = checkHaproxyConfig(shop, { causes: { upstream_timeout: 3 }, p99Ms: null });
    expect(unknown.points.find((p) => p.line === 22)?.evidence).toBe('3 attempts timed out');
  });

  it('points at nothing in a well-configured gateway, whatever the incident', () => {
    const incident = { ...everything, causes: { ...everything.causes, upstream_reset: 3, dns_failure: 4, upstream_returned_502: 9, unknown: 2 } };
    expect(checkHaproxyConfig(fixture('well-configured.cfg'), incident)).toEqual({ points: [], errors: [] });
  });

  it('reads each check\'s conditions as HAProxy does', () => {
    // Each of these configurations passes `haproxy -c` 2.6 without a warning.
    const check = (backend: string, global = '') =>
      checkHaproxyConfig(`global\n${global}\ndefaults\n  mode http\n  timeout connect 5s\n  timeout server 30s\n  option redispatch\nbackend b\n${backend}\n`, { causes: {}, p99Ms: null }).points.map((p) => p.why.split(':')[0] ?? '');
    // A backup without checks takes over only from checked servers: an unchecked active server is still the point.
    expect(check('  server a 10.0.0.1:80\n  server spare 10.0.0.2:80 backup')).toEqual(['a has no check']);
    // retry-on empty-response sends a request that got nothing back again.
    expect(check('  http-reuse always\n  retry-on conn-failure empty-response\n  server a 10.0.0.1:80')).toEqual([]);
    expect(check('  http-reuse aggressive\n  server a 10.0.0.1:80')).toEqual(['http-reuse aggressive sends a session\'s first request over an idle connection (one reused before); when the server closes it at that moment (its keep-alive timeout), the request gets nothing back (SH, 502), and retry-on has no empty-response to send it again (backend b)']);
    // TLS checks carry no SNI without check-sni, even when sni is set for the traffic.
    expect(check('  server a 10.0.0.5:443 ssl verify none sni str(api.example.com) check')).toEqual(['its health checks send no name either (no check-sni; sni does not apply to checks), so they fail the same way and take it out (503, <NOSRV>)']);
    // maxrewrite is cut to half of the buffer, so a bigger buffer leaves enough room.
    expect(check('  server a 10.0.0.1:80', '  tune.bufsize 32768\n  tune.maxrewrite 20000')).toEqual([]);
    expect(check('  server a 10.0.0.1:80', '  tune.maxrewrite 8192')).toEqual(['response headers must fit in about tune.bufsize − tune.maxrewrite = 16384 − 8192 = 8192 bytes (HAProxy\'s defaults leave 15360); a server that sends more gets a 502 in its place (PH)']);
    // IP addresses, sockets and localhost are not names that move.
    expect(check('  server a [::1]:80\n  server b ipv6@fe80::1:80\n  server c /run/app.sock\n  server d localhost:80\n  server e "${APP_ADDR}"').filter((w) => w.includes('resolved'))).toEqual([]);
  });

  it('reports what HAProxy refuses: syntax, and certificate verification without a CA file', () => {
    // `haproxy -c` 2.6 on this: "[ALERT] ... 'server x/a' : verify is enabled by default but no CA file specified."
    const { errors } = checkHaproxyConfig('listen x\n  bind :443\n  server a 10.0.0.1:443 ssl\n  server b 10.0.0.2:443 ssl ca-file @system-ca\n  log "x\n', { causes: {}, p99Ms: null });
    expect(errors).toEqual([
      'line 5: unmatched quote at column 7',
      'line 3: server x/a verifies the server\'s certificate (verify required, the default) with no ca-file: HAProxy refuses to start with it ("no CA file specified"), so this is not the configuration that ran',
    ]);
    expect(checkHaproxyConfig('global\n  ssl-server-verify none\nlisten x\n  server a 10.0.0.1:443 ssl\n', { causes: {}, p99Ms: null }).errors).toEqual([]);
  });
});
