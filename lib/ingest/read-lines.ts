import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { GatewayLensError } from '../errors';
import { MAGIC_BYTES, refuseOtherCompression, refuseTarArchive } from './other-compression';
import { RATIO_CHECKED_AFTER, sizeText } from './upload-limits';

/** Longer lines are rejected with a reason rather than held in memory. */
export const MAX_LINE_BYTES = 64 * 1024;

/** `cutText`: the start of a last line the gzip data stops in the middle of (a truncated file). */
export type Line = { no: number; text: string } | { no: number; tooLongBytes: number } | { no: number; cutText: string };

export interface RawStats {
  /** Bytes as received (compressed when the input was gzip). */
  bytes: number;
  sha256: string;
  gzip: boolean;
  /** Set when the gzip data ends before its member does: the bytes received, all of which were read. */
  gzipCutAt?: number;
}

export interface ReadOptions {
  /** The file's name, for errors. */
  name?: string;
  /** Bytes of the file as sent beyond which it is refused (uploads). */
  maxBytes?: number;
  /** Decompressed bytes per byte of gzip data beyond which the file is refused (a gzip bomb). */
  maxGzipRatio?: number;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;
const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Streams lines out of raw bytes, gunzipping when the bytes start with gzip's magic number (Node's gunzip
 * reads concatenated members, as logrotate writes them). Lines come in batches, one per chunk, so the
 * per-line cost stays a function call and not a promise. Memory stays bounded: a line longer than
 * MAX_LINE_BYTES is skipped to its end and reported with its length.
 * `stats.bytes` grows as bytes arrive (for progress); the rest of `stats` is filled when the iteration ends.
 */
export async function* readLines(input: AsyncIterable<Uint8Array>, stats?: Partial<RawStats>, options: ReadOptions = {}): AsyncGenerator<Line[]> {
  const hash = createHash('sha256');
  let received = 0;
  const raw = tap(input, (chunk) => {
    received += chunk.length;
    // Counted as it arrives, so a file over the limit is refused without being read to its end.
    if (options.maxBytes !== undefined && received > options.maxBytes) throw tooLarge(options.name, options.maxBytes);
    hash.update(chunk);
    if (stats) stats.bytes = received;
  });
  const { gzip, stream } = await sniffCompression(raw, options.name);
  const decoder = new TextDecoder('utf-8');
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let skipping = 0; // > 0 while discarding the rest of an over-long line; counts its bytes
  let lineNo = 0;
  let cut = false;
  const chunks = refuseTarArchive(gzip ? gunzipped(stream, () => received, options, () => (cut = true)) : stream, options.name);

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    const batch: Line[] = [];
    let start = 0;
    while (start <= buf.length) {
      const nl = buf.indexOf(NEWLINE, start);
      const end = nl < 0 ? buf.length : nl;
      const pieceBytes = end - start;
      if (skipping > 0 || carryBytes + pieceBytes > MAX_LINE_BYTES) {
        skipping = (skipping || carryBytes) + pieceBytes;
        carry = [];
        carryBytes = 0;
        if (nl < 0) break;
        batch.push({ no: ++lineNo, tooLongBytes: skipping });
        skipping = 0;
      } else if (nl < 0) {
        if (pieceBytes > 0) {
          carry.push(buf.subarray(start));
          carryBytes += pieceBytes;
        }
        break;
      } else {
        const piece = buf.subarray(start, end);
        const whole = carryBytes ? Buffer.concat([...carry, piece]) : piece;
        carry = [];
        carryBytes = 0;
        batch.push({ no: ++lineNo, text: decodeLine(decoder, whole) });
      }
      start = end + 1;
    }
    if (batch.length) yield batch;
  }
  if (skipping > 0) yield [{ no: ++lineNo, tooLongBytes: skipping }];
  else if (carryBytes > 0 && cut) yield [{ no: ++lineNo, cutText: decodeLine(decoder, Buffer.concat(carry)) }];
  else if (carryBytes > 0) yield [{ no: ++lineNo, text: decodeLine(decoder, Buffer.concat(carry)) }];
  if (stats) {
    stats.bytes = received;
    stats.sha256 = hash.digest('hex');
    stats.gzip = gzip;
    if (cut) stats.gzipCutAt = received;
  }
}

/**
 * Decompressed bytes until the gzip data ends. Data that stops short (a file copied while still being
 * written, or cut by a transfer) ends the stream quietly, after `onCut`: every line before the cut is
 * evidence. Data that is damaged is an error naming the file and how far into it the damage was found, and
 * so is data that expands past `maxGzipRatio` (a gzip bomb), checked once RATIO_CHECKED_AFTER bytes came out.
 */
async function* gunzipped(
  stream: AsyncIterable<Uint8Array>, received: () => number, { name, maxGzipRatio }: ReadOptions, onCut: () => void,
): AsyncGenerator<Uint8Array> {
  let decompressed = 0;
  try {
    for await (const chunk of stream) {
      decompressed += chunk.length;
      if (maxGzipRatio && decompressed > RATIO_CHECKED_AFTER && decompressed > received() * maxGzipRatio) {
        throw new GatewayLensError(
          'too_large',
          `${name ?? 'the file'}: its gzip data expands more than ${maxGzipRatio} times (${sizeText(decompressed)} out of its first ${sizeText(received())}), refused as a possible gzip bomb; nothing of it was stored (GATEWAY_LENS_MAX_GZIP_RATIO raises the limit)`,
          { source: name, limit: maxGzipRatio, decompressedBytes: decompressed, compressedBytes: received() },
        );
      }
      yield chunk;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'Z_BUF_ERROR') return onCut();
    if (typeof code !== 'string' || !code.startsWith('Z_')) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new GatewayLensError(
      'invalid_input',
      `${name ?? 'the file'}: its gzip data is damaged (${message}), found within its first ${received()} compressed bytes; nothing of it was stored`,
      { source: name, reason: message, compressedBytes: received() },
    );
  }
}

const tooLarge = (name: string | undefined, limit: number) =>
  new GatewayLensError(
    'too_large',
    `${name ?? 'the file'}: larger than the server's limit of ${sizeText(limit)} a file (GATEWAY_LENS_MAX_UPLOAD_BYTES); nothing of it was stored`,
    { source: name, limit },
  );

/** Invalid UTF-8 becomes U+FFFD rather than an error: the rest of the line is still evidence. */
function decodeLine(decoder: TextDecoder, bytes: Uint8Array): string {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  return decoder.decode(bytes.subarray(0, end));
}

async function* tap(input: AsyncIterable<Uint8Array>, onChunk: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    onChunk(chunk);
    yield chunk;
  }
}

/**
 * Looks at the first bytes without losing them, refuses data another compression than gzip made, and returns a
 * stream of the decompressed content.
 */
async function sniffCompression(input: AsyncGenerator<Uint8Array>, name: string | undefined): Promise<{ gzip: boolean; stream: AsyncIterable<Uint8Array> }> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  while (headBytes < MAGIC_BYTES) {
    const next = await input.next();
    if (next.done) break;
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = Buffer.concat(head);
  const gzip = first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1;
  refuseOtherCompression(first, name);
  async function* replay(): AsyncGenerator<Uint8Array> {
    if (first.length) yield first;
    yield* input;
  }
  if (!gzip) return { gzip, stream: replay() };
  // pipeline, not pipe: a corrupt member must end the iteration with an error, not hang it.
  return { gzip, stream: pipeline(Readable.from(replay()), createGunzip(), () => {}) };
}
