import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traefikCommon, traefikJson } from '../traefik';
import { serviceServer } from '../traefik-service';
import type { RequestRecord } from '../types';

const fixture = (name: string) => join(__dirname, '../../../e2e/fixtures', name);
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
// e2e/fixtures/traefik/README.md says where each line comes from.
const commonLines = lines(fixture('traefik/access-common.log'));
const jsonLines = lines(fixture('traefik/access-json.log'));
const jsonEntry = JSON.parse(jsonLines[0]!) as Record<string, unknown>;

function parseWith(format: typeof traefikJson, line: string): RequestRecord {
  const result = format.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}
/** The test-data entry with documented fields changed (see the README: variants, not captured lines). */
const variant = (changes: Record<string, unknown>) => JSON.stringify({ ...jsonEntry, ...changes });
/** The test-data entry with one field dropped, as `accessLog.fields.names.<Field>: drop` does. */
const without = (field: string) => Object.fromEntries(Object.entries(jsonEntry).filter(([key]) => key !== field));

describe('Traefik common access log', () => {
  it('reads every field of the line Traefik\'s own tests expect', () => {
    expect(parseWith(traefikCommon, commonLines[0]!)).toEqual({
      time: Date.UTC(2016, 3, 13, 14, 14, 19),
      client: 'TestHost',
      method: 'POST',
      host: null,
      path: 'testpath',
      status: '123',
      bytes: 12,
      requestMs: 1,
      pool: null,
      attempts: [{ server: '127.0.0.1:80', status: null, responseMs: null, connectMs: null, headerMs: null }],
      userAgent: 'testUserAgent',
    });
  });

  it('reads a router name with spaces and an unquoted "-" service URL as no attempt', () => {
    expect(parseWith(traefikCommon, commonLines[2]!)).toMatchObject({ status: '401', bytes: 17, requestMs: 0, attempts: [] });
  });

  it('honours the offset: the local-time line is the same instant as the UTC one', () => {
    const utc = parseWith(traefikCommon, commonLines[3]!);
    expect(utc).toMatchObject({ time: Date.UTC(2009, 10, 10, 23), requestMs: 123000, path: '/foo' });
    expect(utc.attempts[0]?.server).toBe('10.0.0.2:80');
    expect(parseWith(traefikCommon, commonLines[4]!).time).toBe(utc.time);
  });

  it('reads a dropped ClientHost as no client', () => {
    expect(parseWith(traefikCommon, commonLines[5]!).client).toBeNull();
  });

  it('rejects lines without a status, saying why', () => {
    expect(traefikCommon.parseLine(commonLines[6]!)).toEqual({ kind: 'reject', reason: 'status "-" is not a number: Traefik recorded none' });
    expect(traefikCommon.parseLine(commonLines[7]!)).toMatchObject({ kind: 'reject', reason: expect.stringContaining('time "-"') });
    // traefik/traefik#2112: Traefik 1.4 printed Go's nil verb for the status.
    const v14 =
      '172.20.48.154 - - [12/Sep/2017:15:10:41 +0000] "GET /prometheus/alerts HTTP/1.1" %!d(<nil>) %!d(<nil>) - "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.113 Safari/537.36" 155025 - - 0ms';
    expect(traefikCommon.parseLine(v14)).toMatchObject({ kind: 'reject', reason: expect.stringContaining("not Traefik's common layout") });
  });
});

describe('Traefik JSON access log', () => {
  it('reads every field of the entry Traefik\'s TestLoggerJSON writes', () => {
    expect(parseWith(traefikJson, jsonLines[0]!)).toEqual({
      time: Date.UTC(2016, 3, 13, 14, 14, 19),
      client: 'TestHost',
      method: 'POST',
      host: 'TestHost',
      path: 'testpath',
      status: '123',
      bytes: 12,
      requestMs: 1,
      pool: null,
      attempts: [{ server: '127.0.0.1:80', status: '123', responseMs: null, connectMs: null, headerMs: null }],
      retries: 2,
      requestId: null,
      userAgent: 'testUserAgent',
    });
  });

  it('reads ServiceName as the pool, ServiceAddr as the server and OriginDuration in ns', () => {
    const record = parseWith(traefikJson, variant({ ServiceName: 'whoami@docker', ServiceAddr: '10.0.0.2:8080', OriginDuration: 2_500_000 }));
    expect(record.pool).toBe('whoami@docker');
    expect(record.attempts).toEqual([{ server: '10.0.0.2:8080', status: '123', responseMs: 2.5, connectMs: null, headerMs: null }]);
  });

  it('falls back to StartLocal with its offset when StartUTC was dropped', () => {
    expect(parseWith(traefikJson, JSON.stringify(without('StartUTC'))).time).toBe(Date.UTC(2016, 3, 13, 14, 14, 19));
  });

  it('reads OriginStatus 0 as a try with no answer: 504 to the client states a timeout, 502 decides nothing', () => {
    const timedOut = parseWith(traefikJson, variant({ DownstreamStatus: 504, OriginStatus: 0, OriginDuration: 0 }));
    expect(timedOut.attempts).toEqual([
      { server: '127.0.0.1:80', status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'upstream_timeout' },
    ]);
    const failed = parseWith(traefikJson, variant({ DownstreamStatus: 502, OriginStatus: 0 }));
    expect(failed.attempts[0]).toMatchObject({ status: null, cause: 'unknown' });
  });

  it('does not call an OriginStatus 502 the server\'s own: Traefik\'s error handler writes it too', () => {
    const record = parseWith(traefikJson, variant({ DownstreamStatus: 502, OriginStatus: 502 }));
    expect(record.attempts[0]?.status).toBe('502');
    expect(record.attempts[0]?.cause).toBeUndefined();
  });

  it('makes no attempt when Traefik answered itself (no service, OriginStatus 0)', () => {
    expect(parseWith(traefikJson, JSON.stringify({ ...without('ServiceURL'), DownstreamStatus: 404, OriginStatus: 0 })).attempts).toEqual([]);
  });

  it('reads ServiceURL written as a url.URL object with a port-less ServiceAddr (traefik/traefik#7681)', () => {
    const serviceUrl = { Scheme: 'https', Opaque: '', User: null, Host: '33.33.33.33', Path: '', RawPath: '', ForceQuery: false, RawQuery: '', Fragment: '', RawFragment: '' };
    const record = parseWith(traefikJson, variant({ ServiceAddr: '33.33.33.33', ServiceURL: serviceUrl, DownstreamStatus: 499, OriginStatus: 499 }));
    expect(record.attempts[0]?.server).toBe('33.33.33.33:443');
  });

  it('ignores a redacted user agent', () => {
    expect(parseWith(traefikJson, variant({ 'request_User-Agent': 'REDACTED' })).userAgent).toBeNull();
  });

  it('rejects JSON that is not an access entry, and non-JSON', () => {
    expect(traefikJson.parseLine(JSON.stringify(without('DownstreamStatus')))).toMatchObject({ kind: 'reject', reason: expect.stringContaining('no numeric DownstreamStatus') });
    expect(traefikJson.parseLine(commonLines[0]!)).toMatchObject({ kind: 'reject', reason: expect.stringContaining('not a JSON object') });
  });
});

describe('serviceServer', () => {
  it.each([
    ['10.0.0.2:8080', 'http://x', '10.0.0.2:8080'],
    [null, 'http://10.0.0.2:8080/p', '10.0.0.2:8080'],
    [null, 'https://[::1]/p', '[::1]:443'],
    [null, '-', null],
  ])('ServiceAddr %s, ServiceURL %s -> %s', (addr, url, server) => {
    expect(serviceServer(addr, url)).toBe(server);
  });
});

describe('Traefik detection', () => {
  it('detects its own fixtures', () => {
    expect(traefikCommon.detect(commonLines)).toBeGreaterThanOrEqual(0.75);
    expect(traefikJson.detect(jsonLines)).toBe(1);
  });

  it('does not claim nginx, Caddy, or the other Traefik layout', () => {
    const corpus = fixture('corpus');
    for (const dir of readdirSync(corpus).filter((d) => !d.includes('.'))) {
      const sample = lines(join(corpus, dir, 'access.log')).slice(0, 50);
      expect(traefikCommon.detect(sample)).toBeLessThan(0.5);
      expect(traefikJson.detect(sample)).toBeLessThan(0.5);
    }
    for (const file of ['caddy/access.log', 'caddy/error.log']) {
      expect(traefikJson.detect(lines(fixture(file)))).toBeLessThan(0.5);
      expect(traefikCommon.detect(lines(fixture(file)))).toBeLessThan(0.5);
    }
    expect(traefikJson.detect(commonLines)).toBe(0);
    expect(traefikCommon.detect(jsonLines)).toBe(0);
  });
});
