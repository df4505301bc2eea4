import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, readLines, type Line, type RawStats } from '../read-lines';

/** Feeds bytes in chunks of `size` to show lines are joined across chunk borders. */
async function* chunks(bytes: Uint8Array, size = 7): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect(bytes: Uint8Array, size?: number, stats?: Partial<RawStats>): Promise<Line[]> {
  const lines: Line[] = [];
  for await (const batch of readLines(chunks(bytes, size), stats)) lines.push(...batch);
  return lines;
}

const text = (lines: Line[]) => lines.map((l) => ('text' in l ? l.text : `<${l.tooLongBytes} bytes>`));

describe('readLines', () => {
  it('numbers lines from 1 and joins them across chunk borders, with or without a final newline', async () => {
    expect(await collect(Buffer.from('first line\nsecond\nthird'))).toEqual([
      { no: 1, text: 'first line' },
      { no: 2, text: 'second' },
      { no: 3, text: 'third' },
    ]);
    expect(text(await collect(Buffer.from('a\nb\n')))).toEqual(['a', 'b']);
  });

  it('strips the CR of CRLF line ends', async () => {
    expect(text(await collect(Buffer.from('a\r\nb\r\n')))).toEqual(['a', 'b']);
  });

  it('keeps invalid UTF-8 as replacement characters instead of failing', async () => {
    expect(text(await collect(Buffer.from([0x61, 0xff, 0x62, 0x0a])))).toEqual(['a\uFFFDb']);
  });

  it('gunzips by magic bytes, reading concatenated members as logrotate writes them', async () => {
    const stats: Partial<RawStats> = {};
    const bytes = Buffer.concat([gzipSync('one\ntwo\n'), gzipSync('three\n')]);
    expect(text(await collect(bytes, 5, stats))).toEqual(['one', 'two', 'three']);
    expect(stats).toMatchObject({ gzip: true, bytes: bytes.length });
    expect(stats.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports a line longer than the limit with its length, then goes on with the next line', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const lines = await collect(Buffer.from(`ok\n${long}\nafter\n`), 4096);
    expect(lines).toEqual([
      { no: 1, text: 'ok' },
      { no: 2, tooLongBytes: MAX_LINE_BYTES + 10 },
      { no: 3, text: 'after' },
    ]);
  });

  it('reads a line of exactly the limit', async () => {
    const lines = await collect(Buffer.from('y'.repeat(MAX_LINE_BYTES) + '\n'), 1000);
    expect(lines).toHaveLength(1);
    expect('text' in lines[0]! && lines[0].text.length).toBe(MAX_LINE_BYTES);
  });

  it('fails with an error on a corrupt gzip stream', async () => {
    const bytes = gzipSync('a\nb\n');
    const corrupt = Buffer.concat([bytes.subarray(0, 12), Buffer.from('not deflate data at all'), bytes.subarray(12)]);
    await expect(collect(corrupt)).rejects.toThrow();
  });
});
