import { describe, expect, it } from 'vitest';
import { gcpLbJson } from '../gcp-lb';
import type { RequestRecord } from '../types';
import { fixtures, nginxCorpus } from './cloud-fixtures';

function parse(line: string): RequestRecord {
  const result = gcpLbJson.parseLine(line);
  if (result.kind !== 'request') throw new Error(result.kind === 'reject' ? result.reason : 'not a request');
  return result.record;
}

const [cacheHit] = fixtures.gcp as [string];

/**
 * Derived entries (e2e/fixtures/gcp-lb/README.md): Google publishes no failing entry, so these change the
 * documented fields of the Cloud CDN docs' entry: status, statusDetails, backend_service_name, serverIp, latency.
 */
function derived(change: { status: number; details: string; serverIp?: string; latency?: string }): string {
  const entry = JSON.parse(cacheHit) as {
    httpRequest: Record<string, unknown>;
    jsonPayload: Record<string, unknown>;
    resource: { labels: Record<string, unknown> };
  };
  entry.httpRequest.status = change.status;
  entry.jsonPayload.statusDetails = change.details;
  entry.resource.labels.backend_service_name = 'k8s1-checkout-80';
  if (change.serverIp) entry.httpRequest.serverIp = change.serverIp;
  if (change.latency) entry.httpRequest.latency = change.latency;
  return JSON.stringify(entry);
}

describe('gcp_lb_json', () => {
  it('reads every field of the Cloud CDN docs entry: a cache hit reaches no backend', () => {
    expect(parse(cacheHit)).toEqual({
      time: Date.UTC(2020, 5, 8, 23, 41, 30, 78),
      client: 'CLIENT_IP_ADDRESS',
      method: 'GET',
      host: 'LOAD_BALANCER_IP_ADDRESS',
      path: '/static/us/three-cats.jpg',
      status: '304',
      bytes: 157,
      requestMs: null,
      pool: null,
      attempts: [],
      gatewayCode: 'response_from_cache',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.61 Safari/537.36',
    });
  });

  it('reads latency, serverIp, the backend service as pool and a nanosecond timestamp (derived)', () => {
    const entry = JSON.parse(derived({ status: 200, details: 'response_sent_by_backend', serverIp: '10.132.0.4', latency: '0.123456s' })) as Record<string, unknown>;
    entry.timestamp = '2017-04-18T18:57:05.845960288Z';
    const record = parse(JSON.stringify(entry));
    expect(record).toMatchObject({ time: Date.UTC(2017, 3, 18, 18, 57, 5, 845), requestMs: 123.456, pool: 'k8s1-checkout-80' });
    expect(record.attempts).toEqual([{ server: '10.132.0.4', status: '200', responseMs: null, connectMs: null, headerMs: null }]);
  });

  it.each([
    [502, 'failed_to_connect_to_backend', 'upstream_refused'],
    [502, 'backend_connection_closed_before_data_sent_to_client', 'upstream_closed_early'],
    [408, 'backend_timeout', 'upstream_timeout'],
    [502, 'backend_early_response_with_non_error_status', 'invalid_response'],
    [502, 'response_sent_by_backend', 'upstream_returned_502'],
  ])('%s %s is %s (derived)', (status, details, cause) => {
    const record = parse(derived({ status, details, serverIp: '10.132.0.4' }));
    expect(record.gatewayCode).toBe(details);
    expect(record.attempts[0]).toMatchObject({ server: '10.132.0.4', cause });
  });

  it('failed_to_pick_backend names no server (derived)', () => {
    expect(parse(derived({ status: 503, details: 'failed_to_pick_backend' })).attempts).toEqual([
      { server: null, status: null, responseMs: null, connectMs: null, headerMs: null, cause: 'no_healthy_upstream' },
    ]);
  });

  it('keeps an unknown detail visible with no cause (derived)', () => {
    const record = parse(derived({ status: 502, details: 'some_future_detail', serverIp: '10.132.0.4' }));
    expect(record.gatewayCode).toBe('some_future_detail');
    expect(record.attempts).toEqual([{ server: '10.132.0.4', status: null, responseMs: null, connectMs: null, headerMs: null }]);
  });

  it('strips a port from remoteIp but not from an IPv6 address', () => {
    const entry = JSON.parse(cacheHit) as { httpRequest: Record<string, unknown> };
    entry.httpRequest.remoteIp = '202.8.105.197:53663';
    expect(parse(JSON.stringify(entry)).client).toBe('202.8.105.197');
    entry.httpRequest.remoteIp = '2002:a05:6a10:7598::';
    expect(parse(JSON.stringify(entry)).client).toBe('2002:a05:6a10:7598::');
  });

  it('rejects with reasons', () => {
    expect(gcpLbJson.parseLine('{"textPayload":"x","timestamp":"2020-06-08T23:41:30Z"}')).toEqual({
      kind: 'reject',
      reason: 'no httpRequest object: not a load balancer request log entry',
    });
    expect(gcpLbJson.parseLine(cacheHit.replace('"status":304', '"status":"304"'))).toMatchObject({ reason: 'httpRequest.status is missing or not a number' });
    expect(gcpLbJson.parseLine(cacheHit.replace('"timestamp":"2020-06-08T23:41:30.078651Z"', '"timestamp":"June 8"'))).toMatchObject({ reason: 'timestamp "June 8" is not RFC 3339' });
    expect(gcpLbJson.parseLine(cacheHit.slice(0, 40))).toMatchObject({ reason: expect.stringContaining('invalid JSON') });
    expect(gcpLbJson.parseLine('plain text')).toMatchObject({ kind: 'reject' });
  });

  it('detects its own fixture and stays low on the others and on real nginx logs', () => {
    expect(gcpLbJson.detect(fixtures.gcp)).toBe(1);
    const others = [fixtures.envoyDefault, fixtures.istioDefault, fixtures.istioJson, fixtures.alb, fixtures.elbClassic, ...nginxCorpus()];
    for (const sample of others) expect(gcpLbJson.detect(sample)).toBeLessThan(0.5);
  });
});
