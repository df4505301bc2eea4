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

  it('hands an array cut short to the parser as its last piece', async () => {
    expect(await run(['[{"a":1},', '{"a":'])).toEqual([{ no: 1, text: '{"a":1}' }, { no: 2, text: '{"a":' }]);
  });
});
