import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusQueryRange } from '../prometheus-query';

// Real answers of Prometheus 2.42 scraping blackbox_exporter 0.23 (e2e/fixtures/probes/generate.sh).
const read = (name: string) => readFileSync(join(__dirname, '../../../../e2e/fixtures/probes', name), 'utf8');

describe('Prometheus query_range over probe metrics', () => {
  const parsed = prometheusQueryRange.parse(read('prometheus-query-range.json'));
  const byTarget = (target: string) => parsed.results.filter((r) => r.target === target);

  it('groups the three metrics by series and time into one result per probe', () => {
    expect(parsed.rejects).toEqual([]);
    // Three probed targets, 12 steps of 5 s each.
    expect(parsed.total).toBe(36);
    expect(parsed.results).toHaveLength(36);
    for (let i = 1; i < parsed.results.length; i++) expect(parsed.results[i]!.time).toBeGreaterThanOrEqual(parsed.results[i - 1]!.time);
  });

  it('reads every field of an http_2xx step', () => {
    expect(byTarget('http://127.0.0.1:18701/health')[0]).toEqual({
      time: 1795743720000, target: 'http://127.0.0.1:18701/health', kind: 'http', ok: true, status: 200, latencyMs: expect.any(Number),
      error: null, origin: 'uploaded', detail: 'prometheus, job blackbox_http, module http_2xx', ttfbMs: null,
    });
  });

  it('follows the upstream from up through 503 to refused, and tcp_connect to a dead port as down throughout', () => {
    const http = byTarget('http://127.0.0.1:18701/health');
    const statuses = [...new Set(http.map((r) => `${r.ok}:${r.status}`))];
    expect(statuses).toEqual(['true:200', 'false:503', 'false:null']);
    expect(http.filter((r) => !r.ok).map((r) => r.error)).toContain('HTTP status 503');
    const dead = byTarget('127.0.0.1:18702');
    expect(dead.every((r) => !r.ok && r.kind === 'tcp' && r.status === null && r.error === 'probe failed')).toBe(true);
    expect(byTarget('127.0.0.1:18701').map((r) => r.ok)).toContain(false);
  });

  it('reads the instant (vector) shape', () => {
    const instant = prometheusQueryRange.parse(read('prometheus-query.json'));
    expect(instant.rejects).toEqual([]);
    expect(instant.results.map((r) => [r.target, r.kind, r.ok, r.time])).toEqual([
      ['127.0.0.1:18701', 'tcp', false, 1795743775362],
      ['127.0.0.1:18702', 'tcp', false, 1795743775362],
      ['http://127.0.0.1:18701/health', 'http', false, 1795743775362],
    ]);
  });

  it('reads probe_success alone, with no latency', () => {
    const only = prometheusQueryRange.parse(read('prometheus-query-range-success.json'));
    expect(only.rejects).toEqual([]);
    expect(only.results.length).toBeGreaterThan(0);
    expect(only.results.every((r) => r.latencyMs === null && r.status === null)).toBe(true);
  });

  it('rejects each probe the query left probe_success out of, naming it', () => {
    const doc = JSON.parse(read('prometheus-query.json')) as { data: { result: { metric: Record<string, string> }[] } };
    doc.data.result = doc.data.result.filter((s) => s.metric.__name__ !== 'probe_success');
    const partial = prometheusQueryRange.parse(JSON.stringify(doc));
    expect(partial.results).toEqual([]);
    expect(partial.rejects).toHaveLength(3);
    expect(partial.rejects[0]?.reason).toMatch(/^no probe_success for \{"instance":"127.0.0.1:18701".*at 2026-11-27T/);
  });

  it('maps module names to kinds, defaulting to http', () => {
    const vector = (module: string | null) => JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [
      { metric: { __name__: 'probe_success', instance: 'x:1', ...(module ? { module } : {}) }, value: [1795743775, '1'] }] } });
    expect(['http_2xx', 'tcp_connect', 'dns', 'tls', 'icmp', null].map((m) => prometheusQueryRange.parse(vector(m)).results[0]?.kind))
      .toEqual(['http', 'tcp', 'dns', 'tls', 'http', 'http']);
  });

  it('a broken or failed answer is one reject for the file and no results', () => {
    const text = read('prometheus-query-range.json');
    const broken = prometheusQueryRange.parse(text.slice(0, 500));
    expect(broken).toMatchObject({ results: [], total: 1, rejects: [{ line: 1, reason: expect.stringMatching(/^not JSON .*the whole file is not read$/) }] });
    const failed = prometheusQueryRange.parse('{"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\""}');
    expect(failed.rejects).toEqual([{ line: 1, reason: 'the query did not succeed: status "error", error "invalid parameter \\"query\\""', text: expect.any(String) }]);
  });
});
