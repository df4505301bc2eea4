import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../formats/types';
import { Redactor } from '../redact';
import { parseRedactions, REDACTED } from '../redaction-kinds';

const all = new Redactor(['query', 'tokens', 'clients'], 'key one');

function request(client: string, servers: string[]): RequestRecord {
  return {
    time: 0, client, method: 'GET', host: null, path: '/x', status: '502', bytes: 0, requestMs: 1, pool: 'p',
    attempts: servers.map((server) => ({ server, status: '502', responseMs: 1 })),
  } as RequestRecord;
}

describe('Redactor', () => {
  it('takes out the values of query strings, not the paths', () => {
    expect(all.line('127.0.0.1 - - [25/Nov/2026:00:36:09 +0000] "GET /search?q=jane.doe@example.com&page=2 HTTP/1.1" 200'))
      .toBe(`127.0.0.1 - - [25/Nov/2026:00:36:09 +0000] "GET /search?q=${REDACTED}&page=${REDACTED} HTTP/1.1" 200`);
    expect(all.line('{"uri":"/api/item/7?session=abc\\u0026x=1","status":502}')).toBe(`{"uri":"/api/item/7?session=${REDACTED}\\u0026x=1","status":502}`);
    expect(new Redactor(['tokens'], 'k').line('GET /a?q=kept HTTP/1.1')).toBe('GET /a?q=kept HTTP/1.1');
  });

  it('takes out credentials: auth schemes, JWTs and the values of secret-looking keys', () => {
    const tokens = new Redactor(['tokens'], 'k');
    expect(tokens.line('authorization: Bearer abcdef123456.xyz')).toBe(`authorization: Bearer ${REDACTED}`);
    expect(tokens.line('x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl y')).toBe(`x ${REDACTED} y`);
    expect(tokens.line('{"api_key":"s3cr3t","password": "hunter2"}')).toBe(`{"api_key":"${REDACTED}","password": "${REDACTED}"}`);
    expect(tokens.line('/login?token=abc&next=/home')).toBe(`/login?token=${REDACTED}&next=/home`);
    expect(tokens.line('upstream timed out (110: Connection timed out)')).toBe('upstream timed out (110: Connection timed out)');
  });

  it("replaces the client's address with a stable stand-in, and never an upstream's, even on the same host", () => {
    const line = '10.1.2.3 - - [..] "GET /x HTTP/1.1" 502 0 upstream=10.1.2.3:8080, 10.1.2.30:8080 client 10.1.2.3';
    const { record, text } = all.request(request('10.1.2.3', ['10.1.2.3:8080', '10.1.2.30:8080']), line);
    expect(record.client).toMatch(/^198\.1[89]\.\d+\.\d+$/);
    expect(record.attempts.map((a) => a.server)).toEqual(['10.1.2.3:8080', '10.1.2.30:8080']);
    expect(text).toBe(`${record.client} - - [..] "GET /x HTTP/1.1" 502 0 upstream=10.1.2.3:8080, 10.1.2.30:8080 client ${record.client}`);
    expect(all.address('10.1.2.3')).toBe(record.client);
    expect(new Redactor(['clients'], 'key two').address('10.1.2.3')).not.toBe(record.client);
  });

  it('keeps ports and brackets, so a connection ties access and error entries as before', () => {
    const standIn = all.address('10.9.8.7');
    expect(all.address('10.9.8.7:51234')).toBe(`${standIn}:51234`);
    expect(all.address('[2001:4860::8888]:443')).toMatch(/^\[2001:db8:[0-9a-f]+:[0-9a-f]+::[0-9a-f]+\]:443$/);
    expect(all.address('not-an-address')).toBe('not-an-address');
  });
});

describe('Redactor.rejected', () => {
  it('replaces every IPv4 address of a line it could not parse, since the client among them cannot be told', () => {
    const text = '10.1.2.3 - - [broken "GET /x" upstream 10.9.9.9:8080 version 1.2.3.4.5';
    const out = all.rejected(text);
    expect(out).toBe(`${all.address('10.1.2.3')} - - [broken "GET /x" upstream ${all.address('10.9.9.9')}:8080 version 1.2.3.4.5`);
    expect(new Redactor(['query'], 'k').rejected(text)).toBe(text);
  });

  it('replaces IPv6 addresses too, bracketed or not, and leaves times and other colon runs alone', () => {
    const text = '2001:db8:85a3::8a2e:370:7334 - - [27/Nov/2026:11:35:48 +0000] "GET /x" upstream [fe80::1]:8080 ::1 at 12:00:00 id dead:beef';
    expect(all.rejected(text)).toBe(
      `${all.address('2001:db8:85a3::8a2e:370:7334')} - - [27/Nov/2026:11:35:48 +0000] "GET /x" upstream [${all.address('fe80::1')}]:8080 ${all.address('::1')} at 12:00:00 id dead:beef`,
    );
    expect(all.address('::1')).not.toBe('::1');
    expect(all.rejected('mapped ::ffff:10.1.2.3 end')).toBe(`mapped ::ffff:${all.address('10.1.2.3')} end`);
  });
});

describe('parseRedactions', () => {
  it('reads a list or all, and names what it cannot redact', () => {
    expect(parseRedactions('clients, query', 'redact')).toEqual(['query', 'clients']);
    expect(parseRedactions('all', 'redact')).toEqual(['query', 'tokens', 'clients']);
    expect(parseRedactions(undefined, 'redact')).toEqual([]);
    expect(() => parseRedactions('query,emails', '?redact=')).toThrow('?redact=: cannot redact "emails": give any of query, tokens, clients, or all');
  });
});
