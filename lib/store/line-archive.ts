import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';

/** Where one stored line sits in its source's archive: in block number `block`, `at` bytes into it once inflated. */
export interface LineSpan {
  sourceId: number;
  block: number;
  at: number;
  bytes: number;
}

/** A block closes after this many lines or bytes, whichever comes first: small enough to inflate for one line. */
const LINES_PER_BLOCK = 1000;
const BYTES_PER_BLOCK = 256 * 1024;
/** Blocks being compressed at once, at most: beyond that the reader waits (memory stays bounded). */
const BLOCKS_IN_FLIGHT = 4;
/**
 * zlib's fastest level: on the nginx 1M bench file, 564 ms for 154 MB into 12 MB, where level 6 took twice
 * as long for 8 MB. Inflating one block to read a line takes about 0.1 ms. Blocks are compressed on libuv's
 * threads, off the thread that parses.
 */
const DEFLATE_LEVEL = 1;
const deflate = promisify(deflateRaw);

/**
 * The gateway's lines as read, one file per source, in compressed blocks. The evidence a request or
 * error-log event shows is kept here rather than in a DuckDB column: there it roughly doubled the
 * database's memory while a file was stored (measured on 10M requests: 514 MiB against 281 MiB peak) and
 * took 40% of the insert time, and a line is only ever read back a page at a time.
 */
export class LineArchive {
  private constructor(
    readonly dir: string,
    private readonly temporary: boolean,
  ) {}

  /** Next to the database file; for an in-memory database, in a temporary folder removed on close. */
  static open(databasePath: string): LineArchive {
    if (databasePath === ':memory:') return new LineArchive(mkdtempSync(join(tmpdir(), 'gateway-lens-lines-')), true);
    const dir = `${databasePath}.lines`;
    mkdirSync(dir, { recursive: true });
    return new LineArchive(dir, false);
  }

  writer(sourceId: number): ArchiveWriter {
    return new ArchiveWriter(sourceId, this.blocksPath(sourceId), this.indexPath(sourceId));
  }

  /** The lines at the given spans, in their order; null where the archive no longer holds one. */
  async read(spans: readonly LineSpan[]): Promise<(string | null)[]> {
    const out: (string | null)[] = spans.map(() => null);
    const wanted = spans.map((span, index) => ({ span, index }));
    for (const [sourceId, ofSource] of groupBy(wanted, ({ span }) => span.sourceId)) {
      const index = await readIndex(this.indexPath(sourceId));
      if (!index) continue;
      await withFile(this.blocksPath(sourceId), async (file) => {
        for (const [block, ofBlock] of groupBy(ofSource, ({ span }) => span.block)) {
          const lines = await readBlock(file, index, block);
          for (const { span, index } of ofBlock) {
            if (lines && span.at + span.bytes <= lines.length) out[index] = lines.toString('utf8', span.at, span.at + span.bytes);
          }
        }
      });
    }
    return out;
  }

  remove(sourceId: number): void {
    rmSync(this.blocksPath(sourceId), { force: true });
    rmSync(this.indexPath(sourceId), { force: true });
  }

  close(): void {
    if (this.temporary) rmSync(this.dir, { recursive: true, force: true });
  }

  private blocksPath(sourceId: number): string {
    return join(this.dir, `${sourceId}.blocks`);
  }

  /** Where each block starts in the blocks file, and where the last one ends: little-endian doubles. */
  private indexPath(sourceId: number): string {
    return join(this.dir, `${sourceId}.index`);
  }
}

/** Appends one source's lines in compressed blocks, and writes the blocks' index when done. */
export class ArchiveWriter {
  private fd: number | null;
  private pending: string[] = [];
  /** The number of the block being filled, and how many bytes it holds so far. */
  private block = 0;
  private inBlock = 0;
  /** Where each written block starts; blocks are written in order as their compression ends. */
  private readonly offsets: number[] = [];
  private fileAt = 0;
  private written: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private failure: unknown = null;

  constructor(
    private readonly sourceId: number,
    private readonly path: string,
    private readonly indexPath: string,
  ) {
    this.fd = openSync(path, 'w');
  }

  /** Stores one line and says where it is. */
  append(text: string): LineSpan {
    const span = { sourceId: this.sourceId, block: this.block, at: this.inBlock, bytes: Buffer.byteLength(text) };
    this.inBlock += span.bytes + 1;
    this.pending.push(text);
    if (this.pending.length >= LINES_PER_BLOCK || this.inBlock >= BYTES_PER_BLOCK) this.flush();
    return span;
  }

  /** Resolves once compression has caught up enough for the reader to go on. */
  async ready(): Promise<void> {
    if (this.inFlight > BLOCKS_IN_FLIGHT) await this.written;
    this.throwIfFailed();
  }

  /** Writes what is pending and the index, and closes the file; the lines stay. */
  async finish(): Promise<void> {
    this.flush();
    await this.written;
    this.throwIfFailed();
    this.close();
    writeFileSync(this.indexPath, Buffer.from(new Float64Array([...this.offsets, this.fileAt]).buffer));
  }

  /** Closes and removes the files. */
  async discard(): Promise<void> {
    this.pending = [];
    await this.written;
    this.close();
    rmSync(this.path, { force: true });
    rmSync(this.indexPath, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    const compressed = deflate(Buffer.from(this.pending.join('\n') + '\n'), { level: DEFLATE_LEVEL });
    this.pending = [];
    this.block++;
    this.inBlock = 0;
    this.inFlight++;
    this.written = this.written
      .then(async () => {
        const block = await compressed;
        if (this.fd === null) return;
        this.offsets.push(this.fileAt);
        writeSync(this.fd, block);
        this.fileAt += block.length;
      })
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight--);
  }

  private close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}

/** Block `n`'s lines, inflated; null when the index or the file does not hold it. */
async function readBlock(file: FileHandle, index: Float64Array, n: number): Promise<Buffer | null> {
  const start = index[n];
  const end = index[n + 1];
  if (start === undefined || end === undefined || end < start) return null;
  const block = Buffer.alloc(end - start);
  if ((await file.read(block, 0, block.length, start)).bytesRead < block.length) return null;
  return inflateRawSync(block);
}

/** A block index as the writer left it; null when there is none. */
async function readIndex(path: string): Promise<Float64Array | null> {
  const bytes = await readFile(path).catch(() => null);
  if (!bytes || bytes.length % 8 !== 0) return null;
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

async function withFile(path: string, read: (file: FileHandle) => Promise<void>): Promise<void> {
  const file = await open(path, 'r').catch(() => null);
  if (!file) return;
  try {
    await read(file);
  } finally {
    await file.close();
  }
}

/** The items grouped by key, in first-seen order. */
function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
