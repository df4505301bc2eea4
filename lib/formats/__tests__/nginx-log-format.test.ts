import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed } from '../nginx-access';
import { ingressNginx } from '../ingress-nginx';
import { compileNginxLogFormat } from '../nginx-log-format';
import { parseLogFormatDirective, splitTemplate } from '../nginx-log-format-directive';
import type { LogFormat, RequestRecord } from '../types';

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${path}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');

function request(format: LogFormat, line: string): RequestRecord {
  const result = format.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

// The directive as it stands in e2e/fixtures/nginx-family/generate.sh (without the shell's backslashes).
const customDirective = `log_format custom '$time_iso8601 $remote_addr $host "$request" $status $body_bytes_sent rt=$request_time '
                    'ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" '
                    'uht="$upstream_header_time" urt="$upstream_response_time" pool=$proxy_host '
                    'conn=$connection id=$request_id cache=$upstream_cache_status';`;

// Lines written by that nginx (TZ=Asia/Kolkata).
const custom = {
  fallback:
    '2026-11-27T06:00:54+05:30 127.0.0.1 shop.example.test "GET /fallback/item/1 HTTP/1.1" 200 3 rt=0.000 ua="dead : 127.0.0.1:18611, 127.0.0.1:18610" us="502 : 502, 200" uct="- : -, 0.000" uht="- : -, 0.000" urt="0.000 : 0.000, 0.000" pool=checkout conn=8 id=0dabf01824de8e41e5b74ad8cc95589c cache=-',
  timeout:
    '2026-11-27T06:00:56+05:30 127.0.0.1 shop.example.test "GET /odd/slow/1 HTTP/1.1" 504 167 rt=1.001 ua="127.0.0.1:18620" us="504" uct="0.000" uht="-" urt="1.001" pool=odd conn=61 id=32a3c4d1ab273ba977528ad760113949 cache=-',
  static:
    '2026-11-27T06:00:54+05:30 127.0.0.1 shop.example.test "GET /static/1 HTTP/1.1" 200 7 rt=0.000 ua="-" us="-" uct="-" uht="-" urt="-" pool=- conn=12 id=b82557b3d672e93f5391e36f922f77c2 cache=-',
};

describe('log_format directives as pasted', () => {
  it('joins quoted fragments across lines and reads the name and escape', () => {
    expect(parseLogFormatDirective("log_format main escape=json\n  '{\"a\":\"$status\",'\n  \"\\\"b\\\":\\\"$msec\\\"}\";")).toEqual({
      name: 'main',
      escape: 'json',
      template: '{"a":"$status","b":"$msec"}',
    });
    expect(parseLogFormatDirective("log_format main # comment\n '$remote_addr' ' $status';").template).toBe('$remote_addr $status');
  });

  it('takes just the format string, quoted or bare', () => {
    expect(parseLogFormatDirective("'$remote_addr [$time_local] ' '$status'")).toEqual({ name: null, escape: 'default', template: '$remote_addr [$time_local] $status' });
    expect(parseLogFormatDirective('$remote_addr [$time_local] $status')).toEqual({ name: null, escape: 'default', template: '$remote_addr [$time_local] $status' });
  });

  it('splits a template at $name and ${name}, keeping a lone $ as text', () => {
    expect(splitTemplate('${status}x $msec-$ y')).toEqual({ literals: ['', 'x ', '-$ y'], variables: ['status', 'msec'] });
  });

  it('refuses formats it cannot read, saying why', () => {
    expect(() => compileNginxLogFormat("log_format x '$remote_addr $status';")).toThrow(/no time variable/);
    expect(() => compileNginxLogFormat("log_format x '$msec $remote_addr';")).toThrow(/no \$status/);
    expect(() => compileNginxLogFormat("log_format x '$msec $remote_addr$status';")).toThrow(/\$remote_addr and \$status have no text between them/);
    expect(() => compileNginxLogFormat("log_format x escape=xml '$msec $status';")).toThrow(/escape must be default, json or none/);
    expect(() => compileNginxLogFormat("log_format x '$msec $status;")).toThrow(/not closed/);
  });
});

describe('a compiled text log_format', () => {
  const format = compileNginxLogFormat(customDirective);

  it('names itself after the directive', () => {
    expect(format).toMatchObject({ id: 'nginx_log_format_custom', gateway: 'nginx', label: 'nginx log_format custom' });
    expect(compileNginxLogFormat(customDirective, { id: 'mine' }).id).toBe('mine');
  });

  it('reads every field of a request redirected from one upstream group to another (" : ")', () => {
    expect(request(format, custom.fallback)).toEqual({
      time: Date.UTC(2026, 10, 27, 0, 30, 54),
      client: '127.0.0.1',
      method: 'GET',
      host: 'shop.example.test',
      path: '/fallback/item/1',
      status: '200',
      bytes: 3,
      requestMs: 0,
      pool: 'checkout',
      attempts: [
        { server: null, status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18611', status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18610', status: '200', responseMs: 0, connectMs: 0, headerMs: 0 },
      ],
      requestId: '0dabf01824de8e41e5b74ad8cc95589c',
    });
  });

  it('reads a read timeout (no header time) and a request nginx answered itself', () => {
    expect(request(format, custom.timeout)).toMatchObject({
      status: '504',
      requestMs: 1001,
      pool: 'odd',
      attempts: [{ server: '127.0.0.1:18620', status: '504', responseMs: 1001, connectMs: 0, headerMs: null }],
    });
    expect(request(format, custom.static)).toMatchObject({ status: '200', bytes: 7, pool: null, attempts: [], path: '/static/1' });
  });

  it('parses every line of its real log and none of the other layouts', () => {
    expect(fixture('nginx-family/custom-access.log').filter((l) => format.parseLine(l).kind !== 'request')).toEqual([]);
    expect(format.detect(fixture('nginx-family/custom-access.log'))).toBe(1);
    for (const other of ['nginx-family/ingress-access.log', 'nginx-family/json-access.log', 'nginx-upstream/access.log']) {
      expect(format.detect(fixture(other))).toBe(0);
    }
  });

  it('rejects a line that does not fit, naming the separator it missed', () => {
    expect(format.parseLine(custom.fallback.replace(' us="', ' xx="'))).toEqual({ kind: 'reject', reason: expect.stringContaining('no "" us="" after $upstream_addr') });
    expect(format.parseLine(custom.fallback.replace('" 200 3 ', '" 2000 3 '))).toEqual({ kind: 'reject', reason: 'status "2000" is not three digits' });
  });
});

describe('the built-in layouts, compiled from their log_format', () => {
  const combined = `'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'`;
  const layouts: Array<[LogFormat, string, string[]]> = [
    [nginxUpstreamTimed, `${combined} '$request_time $upstream_addr $upstream_status $upstream_response_time $upstream_connect_time $upstream_header_time $proxy_host'`, [
      'corpus/nginx-api-single-server/access.log',
      'corpus/nginx-checkout-refused/access.log',
      'corpus/nginx-media-reset-close/access.log',
    ]],
    [nginxUpstream, `${combined} ' $upstream_addr $upstream_status $upstream_response_time'`, ['nginx-upstream/access.log']],
  ];

  it.each(layouts)('%# reads the real lines exactly as the hand-written layout does (plus the user agent)', (builtin, directive, files) => {
    const compiled = compileNginxLogFormat(directive.replace("'$request_time", "' $request_time"));
    for (const file of files) {
      for (const line of fixture(file)) {
        const { userAgent, ...record } = request(compiled, line);
        expect(record).toEqual(request(builtin, line));
        expect(userAgent).toBe(line.match(/" "([^"]*)"/)?.[1]);
      }
    }
  });

  it('reads combined lines without upstream fields, and keeps an unquoted $time_local (26 characters with a space) whole', () => {
    const line = fixture('nginx-upstream/access.log')[0]!;
    const head = line.slice(0, line.indexOf('" 127.0.0.1:') + 1);
    const { userAgent, ...record } = request(compileNginxLogFormat(combined), head);
    expect(record).toEqual(request(nginxCombined, head));
    expect(userAgent).toBe('fixture-client/1');
    const bare = compileNginxLogFormat('$time_local $status $upstream_addr');
    expect(request(bare, '27/Nov/2026:00:14:44 +0000 502 127.0.0.1:18482, 127.0.0.1:18483').attempts).toHaveLength(2);
    expect(bare.parseLine('27/Nov/2026:00:14:44 +0000 502 127.0.0.1:18482 extra').kind).toBe('reject');
  });
});

describe('the time of a compiled text log_format\'s line alone (timeOf, for a range)', () => {
  it('reads the time a whole parse gives, wherever the template puts it, and none from lines of another layout', () => {
    const cases: [LogFormat, string[]][] = [
      [compileNginxLogFormat(customDirective), fixture('nginx-family/custom-access.log')],
      [ingressNginx, fixture('nginx-family/ingress-access.log')],
    ];
    for (const [format, lines] of cases) {
      expect(lines.length).toBeGreaterThan(40);
      for (const line of lines) expect(format.timeOf!(line)).toBe(request(format, line).time);
      for (const line of fixture('nginx-family/error.log')) expect(format.timeOf!(line)).toBeNull();
    }
    // The time last: every variable before it is read, and the line must end where the template does.
    const last = compileNginxLogFormat('$status $upstream_addr $msec');
    expect(last.timeOf!('502 127.0.0.1:18482, 127.0.0.1:18483 1795739454.884')).toBe(1795739454884);
    expect(last.timeOf!('502 127.0.0.1:18482 1795739454.884 extra')).toBeNull();
  });
});

describe('a compiled escape=json log_format', () => {
  // The directives of e2e/fixtures/nginx-family/generate.sh; the second spells its keys with a "$" via geo.
  const names = compileNginxLogFormat(`log_format jsonnames escape=json '{"time_iso8601":"$time_iso8601","remote_addr":"$remote_addr",'
    '"request":"$request","status":"$status","body_bytes_sent":"$body_bytes_sent",'
    '"request_time":"$request_time","upstream_addr":"$upstream_addr","upstream_status":"$upstream_status",'
    '"upstream_response_time":"$upstream_response_time","upstream_connect_time":"$upstream_connect_time",'
    '"upstream_header_time":"$upstream_header_time","proxy_host":"$proxy_host","host":"$host",'
    '"request_id":"$request_id","http_user_agent":"$http_user_agent"}';`);
  const dollar = compileNginxLogFormat(`log_format jsondollar escape=json '{"\${dollar}msec":"$msec","\${dollar}remote_addr":"$remote_addr",'
    '"\${dollar}request_method":"$request_method","\${dollar}request_uri":"$request_uri","\${dollar}status":$status,'
    '"\${dollar}bytes_sent":"$bytes_sent","\${dollar}upstream_addr":"$upstream_addr",'
    '"\${dollar}upstream_status":"$upstream_status","\${dollar}upstream_response_time":"$upstream_response_time",'
    '"\${dollar}http_host":"$http_host"}';`);

  it('reads every field of a JSON line, "" meaning the value never existed', () => {
    const line =
      '{"time_iso8601":"2026-11-27T06:00:58+05:30","remote_addr":"127.0.0.1","request":"GET /dns/item/1 HTTP/1.1","status":"502","body_bytes_sent":"157","request_time":"1.002","upstream_addr":"","upstream_status":"","upstream_response_time":"","upstream_connect_time":"","upstream_header_time":"","proxy_host":"backend.nowhere.invalid:18610","host":"shop.example.test","request_id":"fc0ab1d41a335da71e2b1b3f48ebafe2","http_user_agent":"fixture-client/1"}';
    expect(request(names, line)).toEqual({
      time: Date.UTC(2026, 10, 27, 0, 30, 58),
      client: '127.0.0.1',
      method: 'GET',
      host: 'shop.example.test',
      path: '/dns/item/1',
      status: '502',
      bytes: 157,
      requestMs: 1002,
      pool: 'backend.nowhere.invalid:18610',
      attempts: [],
      requestId: 'fc0ab1d41a335da71e2b1b3f48ebafe2',
      userAgent: 'fixture-client/1',
    });
  });

  it('maps keys that nginx built from a variable ("$msec") and reads an unquoted 009 status', () => {
    const line =
      '{"$msec":"1795739457.070","$remote_addr":"127.0.0.1","$request_method":"GET","$request_uri":"/odd/http09/1","$status":009,"$bytes_sent":"16","$upstream_addr":"127.0.0.1:18620","$upstream_status":"200","$upstream_response_time":"0.000","$http_host":"shop.example.test"}';
    expect(request(dollar, line)).toEqual({
      time: 1795739457070,
      client: '127.0.0.1',
      method: 'GET',
      host: 'shop.example.test',
      path: '/odd/http09/1',
      status: '009',
      bytes: 16,
      requestMs: null,
      pool: null,
      attempts: [{ server: '127.0.0.1:18620', status: '200', responseMs: 0, connectMs: null, headerMs: null }],
    });
  });

  it('reads the time of a line alone as a whole parse does (timeOf, for a range), keys with a "$" too', () => {
    for (const [format, file] of [[names, 'nginx-family/json-access.log'], [dollar, 'nginx-family/json-dollar-access.log']] as const) {
      const lines = fixture(file);
      expect(lines.length).toBeGreaterThan(40);
      for (const line of lines) expect({ line, time: format.timeOf!(line) }).toEqual({ line, time: request(format, line).time });
      for (const line of fixture('nginx-family/error.log')) expect(format.timeOf!(line)).toBeNull();
    }
    // Each reads its own time key only: $time_iso8601 is not in the other's lines.
    for (const line of fixture('nginx-family/json-dollar-access.log')) expect(names.timeOf!(line)).toBeNull();
    // A time the whole parse would refuse is not guessed at: the line is read whole, and rejected.
    expect(dollar.timeOf!('{"$msec":"soon","$status":502}')).toBeNull();
  });

  it('parses every line of both real JSON logs', () => {
    expect(names.detect(fixture('nginx-family/json-access.log'))).toBe(1);
    expect(dollar.detect(fixture('nginx-family/json-dollar-access.log'))).toBe(1);
    expect(names.detect(fixture('nginx-family/custom-access.log'))).toBe(0);
  });
});
