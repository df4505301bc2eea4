import type { SerialConnection } from './duckdb-connection';

/**
 * While any file is being stored, DuckDB runs on one thread: the parser holds one core, and DuckDB's
 * threads competing for it made ingest slower (1M nginx lines: 5.4-5.6 s on one thread, 5.9-6.1 s on two,
 * 6.3-6.5 s on three). Giving its threads back as soon as the parser has finished, for a file's last rows
 * and rollups, was slower still (6 runs: wall 1.04x, CPU 1.08x). It also runs within the smaller ingest memory limit (duckdb.ts says why). Queries
 * get their threads and memory back when the last file is stored: on one thread, a path-filtered series
 * over 10M requests took 122 ms instead of 70. Both settings are global to the database.
 */
export class IngestThreads {
  private writing = 0;
  /** The setting before the first file, put back after the last. */
  private threads = 0;

  /** Whether a file is being stored (its rows staged on connections of their own). */
  get busy(): boolean {
    return this.writing > 0;
  }

  constructor(
    private readonly db: SerialConnection,
    private readonly queryMemory: string,
    private readonly ingestMemory: string,
  ) {}

  /** A file starts being stored; the returned function says it is done (stored or not), once. */
  async enter(): Promise<() => Promise<void>> {
    if (this.writing++ === 0) {
      const [row] = await this.db.all<{ threads: number }>("SELECT current_setting('threads') AS threads");
      this.threads = Number(row?.threads);
      await this.db.all('SET threads = 1');
      await this.db.all(`SET memory_limit = '${this.ingestMemory}'`);
    }
    let left = false;
    return async () => {
      if (left) return;
      left = true;
      if (--this.writing === 0) {
        await this.db.all(`SET memory_limit = '${this.queryMemory}'`);
        await this.db.all(`SET threads = ${this.threads}`);
      }
    };
  }
}
