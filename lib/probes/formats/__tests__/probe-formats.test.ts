import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFormatFor } from '../../ingest-probes';
import { probeCsv } from '../csv';
import { gatewayLensJsonl } from '../jsonl';

const fixtures = join(__dirname, '../../../../e2e/fixtures');
const corpus = join(fixtures, 'corpus');
const read = (path: string) => readFileSync(join(fixtures, path), 'utf8');

describe('Gateway Lens probe JSON lines', () => {
  for (const scenario of readdirSync(corpus).filter((d) => !d.includes('.'))) {
    it(`reads every probe of ${scenario} (written by a real prober)`, () => {
      const text = read(`corpus/${scenario}/probes.jsonl`);
      const parsed = gatewayLensJsonl.parse(text);
      expect(parsed.rejects).toEqual([]);
      expect(parsed.results).toHaveLength(text.trim().split('\n').length);
      expect(probeFormatFor(text.slice(0, 4096))?.id).toBe('gateway_lens_jsonl');
    });
  }

  it('reads every field of a refused TCP probe and an HTTP probe', () => {
    const text = read('corpus/nginx-api-single-server/probes.jsonl');
    const [first, second] = gatewayLensJsonl.parse(text).results;
    expect(first).toEqual({
      time: Date.parse('2026-11-25T00:36:08.954Z'), target: '127.0.0.1:18111', kind: 'tcp', ok: true, status: null, latencyMs: 2,
      error: null, origin: 'uploaded', ttfbMs: null, tls: null, addresses: null, detail: null,
    });
    expect(second).toMatchObject({ target: 'http://127.0.0.1:18111/health', kind: 'http', ok: true, status: 200, latencyMs: 23 });
    const refused = gatewayLensJsonl.parse(text).results.find((r) => !r.ok && r.kind === 'tcp');
    expect(refused).toMatchObject({ ok: false, error: 'ECONNREFUSED', target: '127.0.0.1:18111' });
  });

  it('rejects malformed lines with their line number and reason, keeping the rest', () => {
    const good = read('corpus/nginx-api-single-server/probes.jsonl').split('\n')[0]!;
    const parsed = gatewayLensJsonl.parse([good, '{"time":"yesterday","target":"a:1","kind":"tcp","ok":true}', 'not json', good.replace('"tcp"', '"icmp"')].join('\n'));
    expect(parsed.results).toHaveLength(1);
    expect(parsed.rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, '"time" "yesterday" is not an ISO 8601 time or epoch seconds/milliseconds'],
      [3, 'not a JSON object'],
      [4, '"kind" "icmp" is not one of http, tcp, dns, tls'],
    ]);
  });
});

describe('probe results as CSV', () => {
  const jsonl = gatewayLensJsonl.parse(read('corpus/nginx-checkout-refused/probes.jsonl')).results;

  for (const file of ['checkout.csv', 'checkout-monitor-export.csv']) {
    it(`${file}: the same results as the JSON lines it was converted from`, () => {
      const text = read(`probes/${file}`);
      expect(probeFormatFor(text.slice(0, 4096))?.id).toBe('probe_csv');
      const parsed = probeCsv.parse(text);
      expect(parsed.rejects).toEqual([]);
      expect(parsed.results.map((r) => [r.time, r.target, r.kind, r.ok, r.status, r.latencyMs])).toEqual(
        jsonl.map((r) => [r.time, r.target, r.kind, r.ok, r.status, r.latencyMs]),
      );
    });
  }

  it('keeps quoted commas and counts a row it cannot read', () => {
    const parsed = probeCsv.parse('time,target,ok,error\n2026-11-25T00:00:00Z,"10.0.0.1:80",down,"refused, twice"\nnot-a-time,10.0.0.1:80,up,\n');
    expect(parsed.results[0]).toMatchObject({ target: '10.0.0.1:80', ok: false, error: 'refused, twice', kind: 'tcp' });
    expect(parsed.rejects).toEqual([{ line: 3, reason: 'time "not-a-time" is not a time', text: 'not-a-time,10.0.0.1:80,up,' }]);
  });

  it('is not mistaken for a gateway log, nor a log for it', () => {
    expect(probeFormatFor(read('corpus/nginx-api-single-server/access.log').slice(0, 4096))).toBeNull();
  });
});
