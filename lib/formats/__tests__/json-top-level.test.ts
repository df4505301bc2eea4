import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topLevelScalars, topLevelStrings } from '../json-top-level';

const fixture = (path: string) => readFileSync(join(__dirname, '../../../e2e/fixtures', path), 'utf8').split('\n').filter((l) => l.trim() !== '');

const REAL_JSON_LINES = [
  'envoy/istio-json.log', 'traefik/access-json.log', 'nginx-family/json-access.log', 'caddy/access.log', 'caddy/error.log', 'gcp-lb/requests.jsonl',
].flatMap(fixture);

// Istio's JSON line, with its start_time, as the base of the shapes below.
const istio = JSON.parse(fixture('envoy/istio-json.log')[0]!) as Record<string, unknown>;
const START = istio.start_time as string;
const startOf = (line: string) => topLevelStrings(line, ['start_time']);

describe('a top-level value of a JSON line read without parsing it (what JSON formats\' timeOf reads)', () => {
  it('gives what JSON.parse gives for every top-level string of the real JSON logs', () => {
    let compared = 0;
    for (const line of REAL_JSON_LINES) {
      const object = JSON.parse(line) as Record<string, unknown>;
      for (const [key, value] of Object.entries(object)) {
        if (typeof value !== 'string' || value.includes('\\') || line.includes(`"${key}":"${value}`) === false) continue;
        expect({ key, value: topLevelStrings(line, [key])?.[0] }).toEqual({ key, value });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('gives what JSON.parse gives for every top-level number of the real JSON logs (Caddy\'s ts, durations, sizes)', () => {
    let compared = 0;
    for (const line of REAL_JSON_LINES) {
      for (const [key, value] of Object.entries(JSON.parse(line) as Record<string, unknown>)) {
        if (typeof value !== 'number') continue;
        expect({ key, value: topLevelScalars(line, [key])?.[0] }).toEqual({ key, value });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
    expect(topLevelScalars('{"ts":1e3,"n":-0.5,"bad":01}', ['ts', 'n'])).toEqual([1000, -0.5]);
    expect(topLevelScalars('{"bad":01}', ['bad'])).toBeNull();
    expect(topLevelScalars('{"flag":true}', ['flag'])).toBeNull();
  });

  it('takes the top-level key, not one nested in an object or array, or written inside a string', () => {
    const shapes = [
      { meta: { start_time: '1999-01-01T00:00:00Z' }, ...istio },
      { list: [{ start_time: '1999-01-01T00:00:00Z' }, '{"start_time":"1999"}', [1, [2]]], ...istio },
      { note: 'said "start_time":"1999-01-01T00:00:00Z" and }{][,:', ...istio },
      { path: 'C:\\dir\\', ...istio },
    ];
    for (const shape of shapes) {
      expect(startOf(JSON.stringify(shape))).toEqual([START]);
      // Spaced out as some writers do.
      expect(startOf(JSON.stringify(shape, null, 1).replaceAll('\n', ''))).toEqual([START]);
    }
  });

  it('finds several keys in one pass, and says which are missing', () => {
    const line = JSON.stringify(istio);
    expect(topLevelStrings(line, ['method', 'missing', 'path'])).toEqual(['GET', undefined, istio.path]);
    expect(topLevelStrings('{}', ['start_time'])).toEqual([undefined]);
  });

  it('cannot tell (the line is read whole) when the value is not a plain string or the line is not one object', () => {
    expect(startOf(JSON.stringify({ ...istio, start_time: 1606339578409 }))).toBeNull();
    expect(startOf(JSON.stringify({ ...istio, start_time: 'a "quoted" time' }))).toBeNull();
    expect(startOf(JSON.stringify({ ...istio, start_time: { at: START } }))).toBeNull();
    expect(startOf(JSON.stringify({ note: 'cut', ...istio }).slice(0, 20))).toBeNull();
    expect(startOf(JSON.stringify([istio]))).toBeNull();
    expect(startOf(`[${START}] "GET /status/418 HTTP/1.1" 418`)).toBeNull();
  });
});
