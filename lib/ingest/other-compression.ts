import { GatewayLensError } from '../errors';

/**
 * Compressed data Gateway Lens does not decompress, told by its magic bytes: logrotate's `compresscmd` is
 * often xz, zstd or bzip2, and logs are passed around zipped. Read as text, such a file would only be
 * "no known log format fits" with binary noise; this says what it is and how to get the log out of it.
 */
const kinds: readonly { name: string; magic: readonly number[]; decompress: string }[] = [
  { name: 'zstd', magic: [0x28, 0xb5, 0x2f, 0xfd], decompress: 'zstd -d FILE' },
  { name: 'xz', magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], decompress: 'xz -d FILE' },
  // "BZh", the block size 1-9, then the first block's magic (the digits of pi): a text line cannot start so.
  { name: 'bzip2', magic: [0x42, 0x5a, 0x68, -1, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59], decompress: 'bunzip2 FILE' },
  { name: 'zip', magic: [0x50, 0x4b, 0x03, 0x04], decompress: 'unzip FILE' },
  { name: 'lz4', magic: [0x04, 0x22, 0x4d, 0x18], decompress: 'lz4 -d FILE' },
];

/** The most bytes a magic number above needs. */
export const MAGIC_BYTES = 10;

const matches = (head: Uint8Array, magic: readonly number[]) =>
  head.length >= magic.length && magic.every((byte, i) => byte === -1 || head[i] === byte);

/** Throws a clear error when the file's first bytes are another compression's than gzip. */
export function refuseOtherCompression(head: Uint8Array, name: string | undefined): void {
  const kind = kinds.find((k) => matches(head, k.magic));
  if (!kind) return;
  const file = name ?? 'the file';
  throw new GatewayLensError(
    'unsupported_format',
    `${file}: ${kind.name}-compressed data, which Gateway Lens does not read (it reads plain text and gzip): decompress it first (${kind.decompress.replace('FILE', name ?? 'FILE')}) and read the log inside; nothing of it was stored`,
    { source: name, compression: kind.name },
  );
}
