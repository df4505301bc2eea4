import { describe, expect, it } from 'vitest';
import { splitJsonArrays } from '../json-array';
import type { Line } from '../read-lines';

async function run(lines: string[]): Promise<Line[]> {
  async function* source(): AsyncGenerator<Line[]> {
    yield lines.map((text, i) => ({ no: i + 1, text }));
  }
  const out: Line[] = [];
  for await (const batch of splitJsonArrays(source())) out.push(...batch);
  return out;
}

describe('splitJsonArrays', () => {
  it('reads a pretty-printed array element by element, numbered by the line each starts on', async () => {
    const out = await run(['[', '  {', '    "a": "x, ] y",', '    "b": [1, {"c": "\\"}"}]', '  },', '  {"d": 2}', ']']);
    expect(out.map((l) => l.no)).toEqual([2, 6]);
    expect(out.map((l) => 'text' in l && JSON.parse(l.text))).toEqual([{ a: 'x, ] y', b: [1, { c: '"}' }] }, { d: 2 }]);
  });

  it('passes a file of lines through untouched', async () => {
    expect(await run(['{"a":1}', '{"a":2}'])).toEqual([{ no: 1, text: '{"a":1}' }, { no: 2, text: '{"a":2}' }]);
  });

  it('passes text logs whose lines open with a bracket through untouched (Envoy, HAProxy stderr)', async () => {
    const envoy = '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http"';
    const haproxy = '[WARNING]  (18877) : Server down/web1 is DOWN, reason: Layer4 connection problem';
    expect(await run([envoy, envoy])).toEqual([{ no: 1, text: envoy }, { no: 2, text: envoy }]);
    expect(await run([haproxy])).toEqual([{ no: 1, text: haproxy }]);
  });

  it('reads arrays of objects or strings opened on the first line', async () => {
    expect((await run(['[{"a":1}, {"a":2}]'])).map((l) => 'text' in l && l.text)).toEqual(['{"a":1}', '{"a":2}']);
    expect((await run(['  [ "one line", "another" ]'])).map((l) => 'text' in l && l.text)).toEqual(['"one line"', '"another"']);
  });

  it('hands an array cut short to the parser as its last piece', async () => {
    expect(await run(['[{"a":1},', '{"a":'])).toEqual([{ no: 1, text: '{"a":1}' }, { no: 2, text: '{"a":' }]);
  });
});
