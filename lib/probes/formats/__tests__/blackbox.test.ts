import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blackboxScrape } from '../blackbox';
import { parseSampleLine } from '../prom-text';

// Real /probe bodies of blackbox_exporter 0.23 (e2e/fixtures/probes/generate.sh; see its README).
const read = (name: string) => readFileSync(join(__dirname, '../../../../e2e/fixtures/probes', name), 'utf8');

describe('blackbox_exporter /probe scrapes', () => {
  it('reads every field of an http_2xx probe of a healthy server', () => {
    const parsed = blackboxScrape.parse(read('blackbox-http-up.txt'));
    expect(parsed).toMatchObject({ total: 1, rejects: [] });
    expect(parsed.results).toEqual([{
      time: Date.parse('2026-11-27T01:41:54.827Z'), target: 'http://127.0.0.1:18701/health', kind: 'http', ok: true, status: 200,
      latencyMs: 4.852, error: null, origin: 'uploaded', detail: 'blackbox_exporter module http_2xx',
      // resolve 1.2333e-05 + connect 0.001343928 + tls 0 + processing 0.001795425 s
      ttfbMs: 3.152,
    }]);
  });

  it('reads a sequence of scrapes of one target: up, then 503, then refused', () => {
    const parsed = blackboxScrape.parse(read('blackbox-http-sequence.txt'));
    expect(parsed.total).toBe(3);
    expect(parsed.rejects).toEqual([]);
    expect(parsed.results.map((r) => [new Date(r.time).toISOString(), r.ok, r.status, r.error, r.ttfbMs])).toEqual([
      ['2026-11-27T01:41:55.089Z', true, 200, null, 1.092],
      ['2026-11-27T01:42:21.154Z', false, 503, 'HTTP status 503', 1.2],
      ['2026-11-27T01:42:37.226Z', false, null, 'no HTTP response', null],
    ]);
    expect(parsed.results[2]?.latencyMs).toBe(0.493);
  });

  it('reads the certificate and TLS version of an https probe', () => {
    const [result] = blackboxScrape.parse(read('blackbox-https-tls.txt')).results;
    expect(result).toMatchObject({ kind: 'http', ok: true, status: 200, latencyMs: 4.332, target: 'https://127.0.0.1:18704/health' });
    expect(result?.tls).toEqual({ version: 'TLSv1.3', subject: 'CN=upstream.test', issuer: 'CN=upstream.test', notAfter: 1798335709000, sni: null });
  });

  it('reads tcp_connect to a closed port and dns to nothing as failures of their kind', () => {
    expect(blackboxScrape.parse(read('blackbox-tcp-refused.txt')).results).toEqual([{
      time: Date.parse('2026-11-27T01:41:54.961Z'), target: '127.0.0.1:18702', kind: 'tcp', ok: false, status: null, latencyMs: 0.158,
      error: 'probe failed', origin: 'uploaded', detail: 'blackbox_exporter module tcp_connect',
    }]);
    expect(blackboxScrape.parse(read('blackbox-dns-unreachable.txt')).results[0]).toMatchObject({
      kind: 'dns', ok: false, error: 'DNS query did not succeed', target: '127.0.0.1:18703', latencyMs: 0.246,
    });
  });

  it('rejects a body with no separator, asking for the target and time, and stores nothing', () => {
    const text = read('blackbox-raw-no-time.txt');
    expect(blackboxScrape.detect(text)).toBeGreaterThan(0.9);
    const parsed = blackboxScrape.parse(text);
    expect(parsed.results).toEqual([]);
    expect(parsed.total).toBe(1);
    expect(parsed.rejects).toEqual([{ line: 3, reason: expect.stringMatching(/^no time and no target: .*# target=<target> module=<module> time=<ISO 8601>/), text: '# target= time=' }]);
  });

  it('a malformed sample rejects its whole scrape at that line; the other scrapes are kept', () => {
    const lines = read('blackbox-http-sequence.txt').split('\n');
    const bad = lines.findIndex((l, i) => i > 40 && l.startsWith('probe_http_status_code '));
    lines[bad] = 'probe_http_status_code five-oh-three';
    const parsed = blackboxScrape.parse(lines.join('\n'));
    expect(parsed.total).toBe(3);
    expect(parsed.results.map((r) => r.status)).toEqual([200, null]);
    expect(parsed.rejects).toEqual([{ line: bad + 1, reason: expect.stringContaining('value "five-oh-three" of probe_http_status_code is not a number'), text: 'probe_http_status_code five-oh-three' }]);
  });

  it('rejects a separator with an unreadable time, and one with nothing after it', () => {
    const body = read('blackbox-raw-no-time.txt');
    const parsed = blackboxScrape.parse(`# target=10.0.0.1:80 time=yesterday\n${body}\n# target=10.0.0.2:80 time=1795743720\n`);
    expect(parsed.rejects.map((r) => [r.line, r.reason.split(':')[0]])).toEqual([[1, 'time "yesterday" is not a time'], [parsed.rejects[1]!.line, 'a separator with no probe metrics after it']]);
    expect(parsed.results).toEqual([]);
  });

  it('accepts epoch seconds in the separator', () => {
    const parsed = blackboxScrape.parse(`# target=127.0.0.1:18701 module=tcp_connect time=1795743720\n${read('blackbox-raw-no-time.txt')}`);
    expect(parsed.results[0]).toMatchObject({ time: 1795743720000, kind: 'tcp', ok: true, target: '127.0.0.1:18701' });
  });

  it('reads exposition lines with escaped label values and special values', () => {
    expect(parseSampleLine('probe_ssl_last_chain_info{issuer="CN=a \\"b\\"",subject="x"} 1')).toEqual({ name: 'probe_ssl_last_chain_info', labels: { issuer: 'CN=a "b"', subject: 'x' }, value: 1 });
    expect(parseSampleLine('probe_duration_seconds NaN')).toMatchObject({ value: NaN });
    expect(parseSampleLine('probe_success 1 1795743720000')).toMatchObject({ value: 1 });
    expect(parseSampleLine('probe_success{a="b" 1')).toBe('label at column 21 is not name="value"');
    expect(parseSampleLine('probe_success{a="b 1')).toBe('a label value is not closed');
  });
});
