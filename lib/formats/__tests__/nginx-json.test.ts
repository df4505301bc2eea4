import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nginxCombined, nginxUpstream, nginxUpstreamTimed } from '../nginx-access';
import { nginxJson, parseNginxJsonLine } from '../nginx-json';
import type { RequestRecord } from '../types';

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${path}`, import.meta.url)), 'utf8').split('\n').filter((l) => l !== '');

function request(line: string): RequestRecord {
  const result = parseNginxJsonLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

// Written by a real nginx 1.22 with escape=json formats (e2e/fixtures/nginx-family/generate.sh).
const lines = {
  fallback:
    '{"time_iso8601":"2026-11-27T06:00:54+05:30","remote_addr":"127.0.0.1","request":"GET /fallback/item/1 HTTP/1.1","status":"200","body_bytes_sent":"3","request_time":"0.000","upstream_addr":"dead : 127.0.0.1:18611, 127.0.0.1:18610","upstream_status":"502 : 502, 200","upstream_response_time":"0.000 : 0.000, 0.000","upstream_connect_time":"- : -, 0.000","upstream_header_time":"- : -, 0.000","proxy_host":"checkout","host":"shop.example.test","request_id":"0dabf01824de8e41e5b74ad8cc95589c","http_user_agent":"fixture-client/1"}',
  static:
    '{"time_iso8601":"2026-11-27T06:00:54+05:30","remote_addr":"127.0.0.1","request":"GET /static/1 HTTP/1.1","status":"200","body_bytes_sent":"7","request_time":"0.000","upstream_addr":"","upstream_status":"","upstream_response_time":"","upstream_connect_time":"","upstream_header_time":"","proxy_host":"","host":"shop.example.test","request_id":"b82557b3d672e93f5391e36f922f77c2","http_user_agent":"fixture-client/1"}',
  quotedAgent:
    '{"time_iso8601":"2026-11-27T06:00:59+05:30","remote_addr":"127.0.0.1","request":"GET /checkout/item/ua HTTP/1.1","status":"200","body_bytes_sent":"3","request_time":"0.000","upstream_addr":"127.0.0.1:18610","upstream_status":"200","upstream_response_time":"0.000","upstream_connect_time":"0.000","upstream_header_time":"0.000","proxy_host":"checkout","host":"shop.example.test","request_id":"29ed40a4d616ac68d0bb11c162a300d8","http_user_agent":"Mozilla/5.0 (X11; Linux x86_64) \\"quoted\\""}',
  dollarRefused:
    '{"$msec":"1795739454.890","$remote_addr":"127.0.0.1","$request_method":"GET","$request_uri":"/dead/item/1","$status":502,"$bytes_sent":"314","$upstream_addr":"127.0.0.1:18611, 127.0.0.1:18612","$upstream_status":"502, 502","$upstream_response_time":"0.000, 0.000","$http_host":"shop.example.test"}',
  dollar009:
    '{"$msec":"1795739457.070","$remote_addr":"127.0.0.1","$request_method":"GET","$request_uri":"/odd/http09/1","$status":009,"$bytes_sent":"16","$upstream_addr":"127.0.0.1:18620","$upstream_status":"200","$upstream_response_time":"0.000","$http_host":"shop.example.test"}',
};

describe('nginx escape=json access logs, keys named after variables', () => {
  it('reads every field, with " : " between upstream groups', () => {
    expect(request(lines.fallback)).toEqual({
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
      userAgent: 'fixture-client/1',
    });
  });

  it('reads "" (nginx\'s JSON for a value that never existed) as absent', () => {
    expect(request(lines.static)).toMatchObject({ pool: null, attempts: [], requestMs: 0, bytes: 7 });
    expect(request(lines.quotedAgent).userAgent).toBe('Mozilla/5.0 (X11; Linux x86_64) "quoted"');
  });

  it('reads "$"-prefixed keys, $msec, method and URI, $bytes_sent, and a bare JSON number status', () => {
    expect(request(lines.dollarRefused)).toEqual({
      time: 1795739454890,
      client: '127.0.0.1',
      method: 'GET',
      host: 'shop.example.test',
      path: '/dead/item/1',
      status: '502',
      bytes: 314,
      requestMs: null,
      pool: null,
      attempts: [
        { server: '127.0.0.1:18611', status: '502', responseMs: 0, connectMs: null, headerMs: null },
        { server: '127.0.0.1:18612', status: '502', responseMs: 0, connectMs: null, headerMs: null },
      ],
    });
  });

  it('reads the invalid JSON nginx writes for an unquoted $status of an HTTP/0.9 answer (009)', () => {
    expect(request(lines.dollar009)).toMatchObject({ status: '009', attempts: [{ server: '127.0.0.1:18620', status: '200' }] });
  });

  it('rejects JSON without a time, a request or a valid status, and text lines', () => {
    const withoutTime = JSON.parse(lines.fallback) as Record<string, string>;
    delete withoutTime.time_iso8601;
    expect(parseNginxJsonLine(JSON.stringify(withoutTime))).toEqual({ kind: 'reject', reason: expect.stringContaining('no time key') });
    const withoutRequest = JSON.parse(lines.fallback) as Record<string, string>;
    delete withoutRequest.request;
    expect(parseNginxJsonLine(JSON.stringify(withoutRequest))).toEqual({ kind: 'reject', reason: expect.stringContaining('no request key') });
    expect(parseNginxJsonLine(lines.fallback.replace('"status":"200"', '"status":"OK"'))).toEqual({ kind: 'reject', reason: 'status "OK" is not three digits' });
    expect(parseNginxJsonLine(fixture('nginx-upstream/access.log')[0]!)).toEqual({ kind: 'reject', reason: 'not a JSON object' });
  });

  it('scores 1 on both real JSON logs and 0 on the text layouts, which score 0 on them', () => {
    for (const file of ['nginx-family/json-access.log', 'nginx-family/json-dollar-access.log']) {
      const sample = fixture(file);
      expect(sample.filter((line) => parseNginxJsonLine(line).kind !== 'request')).toEqual([]);
      expect(nginxJson.detect(sample)).toBe(1);
      for (const format of [nginxCombined, nginxUpstream, nginxUpstreamTimed]) expect(format.detect(sample)).toBe(0);
    }
    for (const file of ['nginx-family/ingress-access.log', 'nginx-family/custom-access.log', 'nginx-family/error.log', 'corpus/nginx-checkout-refused/access.log']) {
      expect(nginxJson.detect(fixture(file))).toBe(0);
    }
    expect(nginxJson).toMatchObject({ id: 'nginx_json', gateway: 'nginx' });
  });
});
