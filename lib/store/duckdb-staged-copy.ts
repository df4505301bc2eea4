import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Bulk writes for the large tables (requests, attempts): rows are staged as delimited text in files of
 * 100,000 rows, and DuckDB loads each file (its loader's statements) while the next is being parsed.
 * Measured on 1M nginx lines against the appender's one native call per value: see the commit that brought it in.
 *
 * The text uses control characters no log line is expected to hold: \x02 between fields, \x01 around every
 * string (doubled inside one, should a line ever hold it), and nothing at all for NULL.
 */
const FIELD = '\x02';
const QUOTE = '\x01';
/** What a string may not hold unquoted: the staging characters, and line ends. */
const NEEDS_QUOTES = /[\x01\x02\n\r]/;
const COPY_OPTIONS = `(DELIMITER '${FIELD}', QUOTE '${QUOTE}', ESCAPE '${QUOTE}', HEADER false, AUTO_DETECT false, NULLSTR '', ALLOW_QUOTED_NULLS false)`;
const READ_OPTIONS = `delim='${FIELD}', quote='${QUOTE}', escape='${QUOTE}', header=false, auto_detect=false, nullstr='', allow_quoted_nulls=false`;

/** What DuckDB runs for each staged file: the statements that load it. */
export type Loader = (path: string) => string[];

const quotedPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

/** Loads each file into one table, its fields in `columns` order. */
export const copyInto = (table: string, columns: readonly string[]): Loader => (path) => [
  `COPY ${table} (${columns.join(', ')}) FROM ${quotedPath(path)} ${COPY_OPTIONS}`,
];

/** A staged file as a table expression, for loaders that spread one row over several tables. */
export const stagedRows = (path: string, columns: readonly (readonly [name: string, type: string])[]) =>
  `read_csv(${quotedPath(path)}, ${READ_OPTIONS}, columns = {${columns.map(([name, type]) => `'${name}': '${type}'`).join(', ')}})`;

/**
 * Rows per staged file: one DuckDB row group (122,880 rows). A COPY of whole row groups is written straight to
 * the database file; a smaller one goes through the write-ahead log and is compressed again at the checkpoint.
 */
export const ROWS_PER_FILE = 122_880;
/** Rows joined into one string before writing: small strings keep the garbage collector out of the way. */
const ROWS_PER_WRITE = 1000;

export type Field = string | number | boolean | null | undefined;

/** One field as staged text. */
export function field(value: Field): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return value.includes(QUOTE) ? QUOTE + value.replaceAll(QUOTE, QUOTE + QUOTE) + QUOTE : QUOTE + value + QUOTE;
}

export class StagedTable {
  private readonly dir: string;
  private pending: string[] = [];
  private fd: number | null = null;
  private rowsInFile = 0;
  private files = 0;
  /** The COPY of each closed file, in order; each starts when the one before it has finished. */
  private copies: Promise<void>[] = [];
  private last: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private discarded = false;

  /**
   * `connection` is the table's own: `discard` closes it. The files go in a folder of their own under
   * `stageRoot`: next to the database rather than in /tmp, which is RAM (tmpfs) on many systems.
   */
  constructor(
    private readonly connection: DuckDBConnection,
    private readonly load: Loader,
    stageRoot: string = tmpdir(),
  ) {
    this.dir = mkdtempSync(join(stageRoot, 'stage-'));
  }

  /** One row, its fields in the order the loader reads them. A file is closed at exactly ROWS_PER_FILE rows. */
  add(...values: Field[]): void {
    this.pending.push(values.map(field).join(FIELD) + '\n');
    if (this.rowsInFile + this.pending.length >= ROWS_PER_FILE) this.copyFile();
    else if (this.pending.length >= ROWS_PER_WRITE) this.write();
  }

  /** Resolves once DuckDB has caught up enough for the parser to go on (at most one closed file waiting). */
  async ready(): Promise<void> {
    while (this.copies.length > 1) await this.copies.shift();
    this.throwIfFailed();
  }

  /** Copies what is staged and waits for every COPY to finish. */
  async finish(): Promise<void> {
    this.copyFile();
    await this.last;
    this.copies = [];
    this.throwIfFailed();
  }

  /** Waits for a running COPY (its rows are removed by the caller), removes the staged files, closes the connection. */
  async discard(): Promise<void> {
    if (this.discarded) return;
    this.discarded = true;
    await this.last;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.dir, { recursive: true, force: true });
    this.connection.closeSync();
  }

  private get path(): string {
    return join(this.dir, `rows-${this.files}.txt`);
  }

  private write(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.path, 'w');
    writeSync(this.fd, this.pending.join(''));
    this.rowsInFile += this.pending.length;
    this.pending = [];
  }

  private copyFile(): void {
    this.write();
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    const path = this.path;
    this.files++;
    this.rowsInFile = 0;
    this.last = this.last.then(async () => {
      // After a failure or a discard, later files are not loaded: their rows would be removed anyway.
      if (this.failure === null && !this.discarded) for (const statement of this.load(path)) await this.connection.run(statement);
      rmSync(path, { force: true });
    }).catch((error: unknown) => {
      this.failure ??= error;
    });
    this.copies.push(this.last);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}
