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

/** Where a tar header (POSIX ustar or GNU) says what it is: "ustar" at byte 257 of each entry's 512-byte header. */
const TAR_MAGIC_AT = 257;
const TAR_MAGIC = 'ustar';

/**
 * The content as it comes, refused when it starts as a tar archive (plain, or inside gzip: a .tar.gz of
 * /var/log/nginx). Read as text, its first header would be glued to the first log line and its files read as
 * one log, a corrupt reading rather than an error; this says to extract it.
 */
export async function* refuseTarArchive(content: AsyncIterable<Uint8Array>, name: string | undefined): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let checked = false;
  for await (const chunk of content) {
    if (checked) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes < TAR_MAGIC_AT + TAR_MAGIC.length) continue;
    const first = Buffer.concat(head);
    if (first.toString('latin1', TAR_MAGIC_AT, TAR_MAGIC_AT + TAR_MAGIC.length) === TAR_MAGIC) throw tarArchive(name);
    checked = true;
    yield first;
  }
  if (!checked && headBytes > 0) yield Buffer.concat(head);
}

function tarArchive(name: string | undefined): GatewayLensError {
  const file = name ?? 'the file';
  return new GatewayLensError(
    'unsupported_format',
    `${file}: a tar archive, which Gateway Lens does not unpack: extract it first (tar xf ${name ?? 'FILE'}) and give it the logs inside, several at once if need be; nothing of it was stored`,
    { source: name, archive: 'tar' },
  );
}
