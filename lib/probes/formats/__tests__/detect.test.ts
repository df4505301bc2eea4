import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatewayLensError } from '../../../errors';
import { detectProbeFormat, probeFormats } from '../index';
import { gatewayLensJsonl } from '../jsonl';

const fixtures = join(__dirname, '../../../../e2e/fixtures');
const corpus = join(fixtures, 'corpus');
const scenarios = readdirSync(corpus).filter((d) => !d.includes('.'));
const head = (path: string) => readFileSync(join(fixtures, path), 'utf8').slice(0, 4096);

/** Each fixture and the format that must claim it. */
const owned: [string, string][] = [
  ...scenarios.map((s): [string, string] => [`corpus/${s}/probes.jsonl`, 'gateway_lens_jsonl']),
  ['probes/checkout.csv', 'probe_csv'],
  ['probes/checkout-monitor-export.csv', 'probe_csv'],
  ...['http-up', 'http-sequence', 'https-tls', 'tcp-refused', 'dns-unreachable', 'raw-no-time'].map((n): [string, string] => [`probes/blackbox-${n}.txt`, 'blackbox_scrape']),
  ...['query-range', 'query-range-success', 'query'].map((n): [string, string] => [`probes/prometheus-${n}.json`, 'prometheus_query_range']),
  ['probes/k8s-events-liveness-exec.json', 'kubernetes_events'],
  ['probes/k8s-api-testdata-core.v1.Event.json', 'kubernetes_events'],
  ['probes/k8s-api-testdata-events.k8s.io.v1.Event.json', 'kubernetes_events'],
];

describe('probe format detection', () => {
  it.each(owned)('%s: %s scores high, every other format below 0.5', (path, id) => {
    const text = head(path);
    for (const format of probeFormats) {
      if (format.id === id) expect(format.detect(text), format.id).toBeGreaterThanOrEqual(0.9);
      else expect(format.detect(text), format.id).toBeLessThan(0.5);
    }
    expect(detectProbeFormat(text, path).id).toBe(id);
  });

  it.each(scenarios)('%s/access.log is no probe format, and the error names the closest ones', (scenario) => {
    const text = head(`corpus/${scenario}/access.log`);
    for (const format of probeFormats) expect(format.detect(text), format.id).toBeLessThan(0.5);
    let error: unknown;
    try {
      detectProbeFormat(text, 'access.log');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayLensError);
    expect((error as GatewayLensError).code).toBe('unsupported_format');
    expect((error as GatewayLensError).message).toMatch(/^access\.log: not a probe-result format Gateway Lens reads; closest: \w+ \(0\.\d\d\): needs /);
  });

  it('ids are unique and every format has a label', () => {
    expect(new Set(probeFormats.map((f) => f.id)).size).toBe(probeFormats.length);
    expect(probeFormats.map((f) => f.id)).toEqual(['gateway_lens_jsonl', 'probe_csv', 'blackbox_scrape', 'prometheus_query_range', 'kubernetes_events']);
    for (const format of probeFormats) expect(format.label.length).toBeGreaterThan(10);
  });
});

describe('Gateway Lens JSON lines: the optional fields', () => {
  it('reads ttfb, tls, addresses, detail, epoch times and "latency"', () => {
    const line = JSON.stringify({
      time: 1795566968954, target: 'api.internal:443', kind: 'tls', ok: false, latency: 12.5, error: 'certificate has expired', ttfb_ms: 9,
      tls: { version: 'TLSv1.3', subject: 'CN=api.internal', issuer: 'CN=Internal CA', not_after: '2026-11-01T00:00:00Z', sni: 'api.internal' },
      addresses: ['10.0.3.7', 7], detail: 'nightly check',
    });
    expect(gatewayLensJsonl.parse(`${line}\n${line.replace('1795566968954', '1795566968')}`).results).toEqual([0, 1].map((i) => ({
      time: i === 0 ? 1795566968954 : 1795566968000, target: 'api.internal:443', kind: 'tls', ok: false, status: null, latencyMs: 12.5,
      error: 'certificate has expired', origin: 'uploaded', ttfbMs: 9,
      tls: { version: 'TLSv1.3', subject: 'CN=api.internal', issuer: 'CN=Internal CA', notAfter: Date.parse('2026-11-01T00:00:00Z'), sni: 'api.internal' },
      addresses: ['10.0.3.7'], detail: 'nightly check',
    })));
  });
});
