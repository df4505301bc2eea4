import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultParseContext } from '../types';
import { choosePlan } from '../../ingest/read-plan';
import { ingressNginx } from '../ingress-nginx';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed } from '../nginx-access';
import { nginxJson } from '../nginx-json';
import type { RequestRecord } from '../types';

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${path}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');

function request(line: string): RequestRecord {
  const result = ingressNginx.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

// Written by a real nginx 1.22 in ingress-nginx's default log-format-upstream (e2e/fixtures/nginx-family).
const lines = {
  fallback:
    '127.0.0.1 - - [27/Nov/2026:06:00:54 +0530] "GET /fallback/item/1 HTTP/1.1" 200 3 "-" "fixture-client/1" 101 0.000 [shop-checkout-80] [] dead : 127.0.0.1:18611, 127.0.0.1:18610 0 : 0, 3 0.000 : 0.000, 0.000 502 : 502, 200 0dabf01824de8e41e5b74ad8cc95589c',
  bothRefused:
    '127.0.0.1 - - [27/Nov/2026:06:00:54 +0530] "GET /dead/item/1 HTTP/1.1" 502 157 "-" "fixture-client/1" 97 0.000 [shop-dead-80] [] 127.0.0.1:18611, 127.0.0.1:18612 0, 0 0.000, 0.000 502, 502 6a9e91af7662e762626b0220c2357802',
  noLive:
    '127.0.0.1 - - [27/Nov/2026:06:00:54 +0530] "GET /dead/item/2 HTTP/1.1" 502 157 "-" "fixture-client/1" 97 0.000 [shop-dead-80] [] dead 0 0.000 502 325be33ededb7fa52a5fbd8f5d213289',
  static: '127.0.0.1 - - [27/Nov/2026:06:00:54 +0530] "GET /static/1 HTTP/1.1" 200 7 "-" "fixture-client/1" 94 0.000 [-] [] - - - - b82557b3d672e93f5391e36f922f77c2',
  http09:
    '127.0.0.1 - - [27/Nov/2026:06:00:57 +0530] "GET /odd/http09/1 HTTP/1.1" 009 16 "-" "fixture-client/1" 98 0.000 [shop-odd-8080] [] 127.0.0.1:18620 16 0.000 200 770ce09722fe88d6f03cbe79dea80ef2',
  quotedAgent:
    '127.0.0.1 - - [27/Nov/2026:06:00:59 +0530] "GET /checkout/item/ua HTTP/1.1" 200 3 "https://shop.example.test/cart?a=1&b=2" "Mozilla/5.0 (X11; Linux x86_64) \\x22quoted\\x22" 175 0.000 [shop-checkout-80] [] 127.0.0.1:18610 3 0.000 200 29ed40a4d616ac68d0bb11c162a300d8',
  dns: '127.0.0.1 - - [27/Nov/2026:06:00:58 +0530] "GET /dns/item/1 HTTP/1.1" 502 157 "-" "fixture-client/1" 96 1.002 [shop-dns-80] [] - - - - fc0ab1d41a335da71e2b1b3f48ebafe2',
};

describe('ingress-nginx default log-format-upstream', () => {
  it('reads every field; the pool is $proxy_upstream_name and " : " separates the redirect\'s groups', () => {
    expect(request(lines.fallback)).toEqual({
      time: Date.UTC(2026, 10, 27, 0, 30, 54),
      client: '127.0.0.1',
      method: 'GET',
      host: null,
      path: '/fallback/item/1',
      status: '200',
      bytes: 3,
      requestMs: 0,
      pool: 'shop-checkout-80',
      attempts: [
        { server: null, status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18611', status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18610', status: '200', responseMs: 0, connectMs: null, headerMs: null },
      ],
      requestId: '0dabf01824de8e41e5b74ad8cc95589c',
      userAgent: 'fixture-client/1',
    });
  });

  it('reads both refused tries, "no live upstreams" as server null, and a request that reached no upstream', () => {
    expect(request(lines.bothRefused)).toMatchObject({
      status: '502',
      bytes: 157,
      pool: 'shop-dead-80',
      attempts: [
        { server: '127.0.0.1:18611', status: '502', responseMs: 0 },
        { server: '127.0.0.1:18612', status: '502', responseMs: 0 },
      ],
    });
    expect(request(lines.noLive).attempts).toEqual([{ server: null, status: '502', responseMs: 0, connectMs: null, headerMs: null }]);
    expect(request(lines.static)).toMatchObject({ status: '200', pool: null, attempts: [], requestId: 'b82557b3d672e93f5391e36f922f77c2' });
    expect(request(lines.dns)).toMatchObject({ status: '502', requestMs: 1002, pool: 'shop-dns-80', attempts: [] });
  });

  it('keeps 009 as written and reads a user agent with escaped quotes', () => {
    expect(request(lines.http09)).toMatchObject({ status: '009', attempts: [{ server: '127.0.0.1:18620', status: '200' }] });
    expect(request(lines.quotedAgent)).toMatchObject({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) \\x22quoted\\x22', path: '/checkout/item/ua' });
  });

  it('is read through the container runtime\'s wrapping (CRI prefix, Docker json-file) by the ingest envelopes', () => {
    const cri = `2026-11-27T00:30:54.123456789Z stdout F ${lines.fallback}`;
    const docker = JSON.stringify({ log: `${lines.fallback}\n`, stream: 'stdout', time: '2026-11-27T00:30:54.123456789Z' });
    for (const wrapped of [cri, docker]) {
      const plan = choosePlan([wrapped], 'controller.log', defaultParseContext());
      expect(plan.primary.id).toBe('ingress_nginx');
      expect(plan.envelope?.unwrap(wrapped)?.text).toBe(lines.fallback);
    }
  });

  it('rejects a line of another nginx layout, saying where it stopped fitting', () => {
    const corpus = fixture('corpus/nginx-api-single-server/access.log')[0]!;
    expect(ingressNginx.parseLine(corpus)).toEqual({ kind: 'reject', reason: expect.stringContaining('after $request_time') });
  });

  it('scores 1 on its real log and 0 on the other nginx layouts, which score 0 on it', () => {
    const own = fixture('nginx-family/ingress-access.log');
    expect(own.filter((line) => ingressNginx.parseLine(line).kind !== 'request')).toEqual([]);
    expect(ingressNginx.detect(own)).toBe(1);
    for (const file of ['corpus/nginx-api-single-server/access.log', 'corpus/nginx-checkout-refused/access.log', 'nginx-upstream/access.log', 'nginx-family/custom-access.log', 'nginx-family/json-access.log']) {
      expect(ingressNginx.detect(fixture(file))).toBe(0);
    }
    for (const format of [nginxCombined, nginxUpstream, nginxUpstreamTimed, nginxJson]) expect(format.detect(own)).toBe(0);
    expect(ingressNginx).toMatchObject({ id: 'ingress_nginx', gateway: 'ingress-nginx' });
  });
});
