import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveLines, haproxyTimeMs, lastOf, parseHaproxyConfig, serversOf, splitHaproxyLine } from '../config/haproxy-conf';

// Checked with `haproxy -c` 2.6 (fixtures/haproxy/README.md).
const shop = readFileSync(join(__dirname, 'fixtures/haproxy/shop.cfg'), 'utf8');

describe('reading an HAProxy configuration', () => {
  it('finds the sections, their names and their statements with their lines', () => {
    const { sections, errors } = parseHaproxyConfig(shop);
    expect(errors).toEqual([]);
    expect(sections.map((s) => [s.kind, s.keyword, s.name, s.line])).toEqual([
      ['global', 'global', null, 2],
      ['other', 'resolvers', 'dns', 7],
      ['defaults', 'defaults', 'legacy', 12],
      ['defaults', 'defaults', null, 16],
      ['frontend', 'frontend', 'fe_shop', 25],
      ['backend', 'backend', 'checkout', 32],
      ['backend', 'backend', 'api', 37],
      ['backend', 'backend', 'search', 46],
      ['backend', 'backend', 'pay', 52],
      ['backend', 'backend', 'catalog', 55],
      ['backend', 'backend', 'reports', 58],
    ]);
    expect(sections.at(-1)?.from).toBe('legacy');
    const api = sections.find((s) => s.name === 'api')!;
    expect(api.lines).toEqual([
      { keyword: 'retries', args: ['0'], line: 38, prefix: null },
      { keyword: 'option httpchk', args: ['GET', '/healthz'], line: 39, prefix: null },
      { keyword: 'http-check expect', args: ['status', '200'], line: 40, prefix: null },
      { keyword: 'default-server', args: ['check', 'inter', '500ms', 'fall', '1'], line: 41, prefix: null },
      { keyword: 'server', args: ['api1', '127.0.0.1:18111'], line: 42, prefix: null },
      { keyword: 'server', args: ['api2', '127.0.0.1:18112'], line: 43, prefix: null },
    ]);
    expect(sections[3]!.lines.find((l) => l.line === 20)).toMatchObject({ keyword: 'timeout connect', args: ['500ms'] });
  });

  it('reads multi-word keywords and the "no" and "default" prefixes', () => {
    const { sections } = parseHaproxyConfig(
      'backend b\n  no option redispatch\n  capture request header Host len 40\n  tcp-request content accept\n  stick on src\n  default-server inter 1s\n  http-request deny\n',
    );
    expect(sections[0]!.lines.map((l) => [l.prefix, l.keyword, l.args.join(' ')])).toEqual([
      ['no', 'option redispatch', ''],
      [null, 'capture request header', 'Host len 40'],
      [null, 'tcp-request content', 'accept'],
      [null, 'stick on', 'src'],
      [null, 'default-server', 'inter 1s'],
      [null, 'http-request', 'deny'],
    ]);
  });

  it('cuts words with quotes, escapes and comments as HAProxy does', () => {
    // The first four lines are what HAProxy 2.6 printed for `.notice <line>`.
    expect(splitHaproxyLine(`"x"'y'\\ z\\x41\\#q`).words).toEqual(['xy zA#q']);
    expect(splitHaproxyLine(`"in \\"dq\\" \\# \\$HOME \\t|"`).words).toEqual(['in "dq" # $HOME \t|']);
    expect(splitHaproxyLine(`'sq \\x41 \\n "#" $HOME'`).words).toEqual(['sq \\x41 \\n "#" $HOME']);
    expect(splitHaproxyLine('a\\qb\\$c').words).toEqual(['a\\qb\\$c']);
    // "#" starts a comment even inside a word (the manual's `global#this is the global section`).
    expect(splitHaproxyLine('    global#this is the global section').words).toEqual(['global']);
    expect(splitHaproxyLine('  log "127.0.0.1:514" local0   # to syslog').words).toEqual(['log', '127.0.0.1:514', 'local0']);
    // An empty quoted word counts between words, not at the end of the line.
    expect(splitHaproxyLine('a "" b ""').words).toEqual(['a', '', 'b']);
    expect(splitHaproxyLine('maxconn 10\r').words).toEqual(['maxconn', '10']);
    expect(splitHaproxyLine('   # only a comment').words).toEqual([]);
  });

  it('says on which line HAProxy would refuse to read, without throwing', () => {
    const { errors, sections } = parseHaproxyConfig(
      [
        'maxconn 10',
        'global',
        '    log "stdout format raw',
        '    foo\\x4',
        '    maxconn 10 # "a quote in a comment is fine',
        `    ${Array.from({ length: 70 }, (_, i) => `w${i}`).join(' ')}`,
        'backend',
        '.if defined(HAPROXY_MWORKER)',
        '.endif',
        '.endif',
        '.if streq("$X",y)',
      ].join('\n'),
    );
    expect(errors).toEqual([
      'line 1: "maxconn" comes before any section (global, defaults, frontend, backend, listen ...)',
      'line 3: unmatched quote at column 9',
      'line 4: truncated or invalid hexadecimal sequence at column 8',
      'line 6: too many words, HAProxy reads only the first 64',
      'line 7: "backend" needs a name',
      'line 10: ".endif" without ".if"',
      'line 11: ".if" has no ".endif"',
    ]);
    // What could be read still is.
    expect(sections[0]!.lines.map((l) => l.line)).toEqual([5, 6]);
  });

  it('takes settings from the last defaults section above, or the one named after "from"', () => {
    const { sections } = parseHaproxyConfig(shop);
    const byName = (name: string) => sections.find((s) => s.name === name && s.kind === 'backend')!;
    const search = effectiveLines(sections, byName('search'));
    // search sets its own timeout server over the defaults' 1s; the defaults' timeout connect stands.
    expect(lastOf(search, 'timeout server')).toMatchObject({ args: ['5s'], line: 48 });
    expect(lastOf(search, 'timeout connect')).toMatchObject({ args: ['500ms'], line: 20 });
    const reports = effectiveLines(sections, byName('reports'));
    expect(lastOf(reports, 'timeout client')).toMatchObject({ args: ['5m'], line: 14 });
    expect(lastOf(reports, 'timeout connect')).toBeNull();
    // A defaults section without "from" starts again from HAProxy's own defaults.
    const chained = parseHaproxyConfig('defaults a\n  retries 5\ndefaults b from a\n  mode http\ndefaults c\n  mode tcp\nbackend x from b\nbackend y\n');
    const [x, y] = chained.sections.slice(3);
    expect(lastOf(effectiveLines(chained.sections, x!), 'retries')?.args).toEqual(['5']);
    expect(lastOf(effectiveLines(chained.sections, y!), 'retries')).toBeNull();
  });

  it('gives each server the default-server settings in force where it stands, and its own', () => {
    const { sections } = parseHaproxyConfig(
      'defaults\n  default-server inter 3s\nbackend b\n  default-server check fall 1\n  server a 10.0.0.1:80 no-check weight 10\n  default-server ssl\n  server b 10.0.0.2:80 inter 1s\n',
    );
    const servers = serversOf(effectiveLines(sections, sections[1]!));
    expect(servers.map((s) => [s.name, s.address, Object.fromEntries(s.params), s.statement.line])).toEqual([
      ['a', '10.0.0.1:80', { inter: '3s', fall: '1', weight: '10' }, 5],
      ['b', '10.0.0.2:80', { inter: '1s', check: true, fall: '1', ssl: true }, 7],
    ]);
  });

  it('reads times in HAProxy units, milliseconds when none', () => {
    expect([haproxyTimeMs('500'), haproxyTimeMs('500ms'), haproxyTimeMs('1500us'), haproxyTimeMs('5s'), haproxyTimeMs('2m'), haproxyTimeMs('1h'), haproxyTimeMs('1d')])
      .toEqual([500, 500, 1.5, 5000, 120_000, 3_600_000, 86_400_000]);
    // HAProxy refuses these ("unexpected character").
    expect([haproxyTimeMs('5z'), haproxyTimeMs('1.5s'), haproxyTimeMs('')]).toEqual([null, null, null]);
  });
});
