import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const text = (lines: Line[]) => lines.map((l) => ('text' in l ? l.text : 'cutText' in l ? `<cut: ${l.cutText}>` : `<${l.tooLongBytes} bytes>`));

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

  it('fails on damaged gzip data with an error naming the file and how far into it the damage was found', async () => {
    const bytes = gzipSync('a\nb\n');
    const corrupt = Buffer.concat([bytes.subarray(0, 12), Buffer.from('not deflate data at all'), bytes.subarray(12)]);
    const read = async () => {
      for await (const batch of readLines(chunks(corrupt), {}, { name: 'access.log.gz' })) void batch;
    };
    await expect(read()).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^access\.log\.gz: its gzip data is damaged \(.+\), found within its first \d+ compressed bytes/),
    });
  });

  it('reads every line before the end of gzip data cut short, the cut line apart, and says where it ended', async () => {
    const whole = gzipSync(Array.from({ length: 2000 }, (_, i) => `line ${i + 1} ${'x'.repeat(i % 50)}`).join('\n') + '\n');
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const stats: Partial<RawStats> = {};
    const lines = await collect(cut, 97, stats);
    const last = lines.at(-1)!;
    expect(lines.slice(0, -1).every((l, i) => 'text' in l && l.text.startsWith(`line ${i + 1} `))).toBe(true);
    expect(lines.length).toBeGreaterThan(100);
    expect('cutText' in last && `line ${lines.length} ${'x'.repeat((lines.length - 1) % 50)}`.startsWith(last.cutText)).toBe(true);
    expect(stats).toMatchObject({ gzip: true, gzipCutAt: cut.length, bytes: cut.length });
  });

  it('refuses a file over the size limit as it arrives, plain or gzip, and reads one of exactly the limit', async () => {
    const text = Buffer.from('a line\n'.repeat(1000));
    const read = async (bytes: Buffer, maxBytes: number) => {
      let lines = 0;
      for await (const batch of readLines(chunks(bytes, 512), {}, { name: 'big.log', maxBytes })) lines += batch.length;
      return lines;
    };
    expect(await read(text, text.length)).toBe(1000);
    await expect(read(text, text.length - 1)).rejects.toMatchObject({ code: 'too_large', message: expect.stringMatching(/^big\.log: larger than the server's limit of 6999 bytes a file/) });
    const gzip = gzipSync(text);
    await expect(read(gzip, gzip.length - 1)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('says nothing was cut when gzip data is whole', async () => {
    const stats: Partial<RawStats> = {};
    expect(text(await collect(gzipSync('a\nb'), 3, stats))).toEqual(['a', 'b']);
    expect(stats.gzipCutAt).toBeUndefined();
  });

  // Made by the real tools from a corpus log (e2e/fixtures/compressed/generate.sh).
  for (const [file, kind, command] of [
    ['access.log.xz', 'xz', 'xz -d access.log.xz'], ['access.log.zst', 'zstd', 'zstd -d access.log.zst'],
    ['access.log.bz2', 'bzip2', 'bunzip2 access.log.bz2'], ['access.log.lz4', 'lz4', 'lz4 -d access.log.lz4'], ['access.zip', 'zip', 'unzip access.zip'],
  ] as const) {
    it(`refuses ${kind} data by its magic bytes, naming the file and the command that decompresses it`, async () => {
      const bytes = readFileSync(join(__dirname, '../../../e2e/fixtures/compressed', file));
      const reading = (async () => {
        for await (const batch of readLines(chunks(bytes, 3), undefined, { name: file })) void batch;
      })();
      await expect(reading).rejects.toMatchObject({
        code: 'unsupported_format',
        message: `${file}: ${kind}-compressed data, which Gateway Lens does not read (it reads plain text and gzip): decompress it first (${command}) and read the log inside; nothing of it was stored`,
      });
    });
  }

  for (const file of ['logs.tar', 'logs.tar.gz']) {
    it(`refuses a tar archive (${file}) rather than glue its header to the first line, even fed 3 bytes at a time`, async () => {
      const bytes = readFileSync(join(__dirname, '../../../e2e/fixtures/compressed', file));
      const reading = (async () => {
        for await (const batch of readLines(chunks(bytes, 3), undefined, { name: file })) void batch;
      })();
      await expect(reading).rejects.toMatchObject({
        code: 'unsupported_format',
        message: `${file}: a tar archive, which Gateway Lens does not unpack: extract it first (tar xf ${file}) and give it the logs inside, several at once if need be; nothing of it was stored`,
      });
    });
  }

  it('reads text that only starts like a magic number', async () => {
    expect(text(await collect(Buffer.from('BZh9 is not bzip2 without its block magic\nPK is a name\n')))).toEqual(['BZh9 is not bzip2 without its block magic', 'PK is a name']);
  });
});
