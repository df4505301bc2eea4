import { setTimeout as sleep } from 'node:timers/promises';
import type { DuckDBInstance } from '@duckdb/node-api';
import { GatewayLensError } from '../errors';
import { SerialConnection } from './duckdb-connection';

/**
 * Waits between tries to open the database again after closing it. DuckDB lets one process at a time open a file
 * for writing, and takes its lock when it opens it: another process that opens the file in that moment (a second
 * server on the same data folder, a copy being taken with DuckDB) keeps the store out until it lets go. About four
 * seconds in all, while requests wait at the gate; after that each request tries once more (`recover`).
 */
export const REOPEN_RETRY_MS: readonly number[] = [100, 250, 500, 1000, 2000];

/**
 * The database file's DuckDB instance and the store's two connections (`db` for writes, `reader` for reads).
 * The connections are kept across a reopen, given the new instance's, so whatever holds them goes on working.
 */
export class DuckDbDatabase {
  /** Why the database could not be opened again, until it can: operations fail with it rather than on a closed connection. */
  private lostBecause: unknown = null;

  private constructor(
    private readonly path: string,
    private readonly create: () => Promise<DuckDBInstance>,
    private current: DuckDBInstance,
    readonly db: SerialConnection,
    readonly reader: SerialConnection,
  ) {}

  static async open(path: string, create: () => Promise<DuckDBInstance>): Promise<DuckDbDatabase> {
    let instance: DuckDBInstance;
    try {
      instance = await create();
    } catch (error) {
      // Most often another process has the file: a second server on the same data folder.
      throw new GatewayLensError('store_unavailable', `the database ${path} could not be opened: ${messageOf(error)}. ${ADVICE}`);
    }
    return new DuckDbDatabase(path, create, instance, new SerialConnection(await instance.connect()), new SerialConnection(await instance.connect()));
  }

  /** Read inside a store operation, which the gate runs only while the database is open (assertOpen). */
  get instance(): DuckDBInstance {
    return this.current;
  }

  /** Throws `store_unavailable`, saying why, while a reopen could not open the database. */
  assertOpen(): void {
    if (this.lostBecause !== null) throw this.unavailable();
  }

  get lost(): boolean {
    return this.lostBecause !== null;
  }

  /** Closing twice is harmless: DuckDB's closeSync does nothing the second time. */
  close(): void {
    this.reader.connection.closeSync();
    this.db.connection.closeSync();
    this.current.closeSync();
  }

  /**
   * Checkpoints, closes and opens the database again, trying again after each of `retryMs` when the open fails.
   * Must run alone (OperationGate.alone): no statement may be running on the connections it replaces.
   */
  async reopen(retryMs: readonly number[], closed?: () => Promise<void>): Promise<void> {
    await this.db.all('CHECKPOINT'); // here rather than in closeSync, which would hold the event loop while it writes
    this.close();
    await closed?.();
    await this.openAgain(retryMs);
  }

  /** One more try to open a database a reopen could not; also to run alone. Throws `store_unavailable` if it still cannot. */
  recover(): Promise<void> {
    return this.openAgain([]);
  }

  private async openAgain(retryMs: readonly number[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.openOnce();
      } catch (error) {
        this.lostBecause = error;
        if (attempt >= retryMs.length) throw this.unavailable();
        await sleep(retryMs[attempt]);
      }
    }
  }

  private async openOnce(): Promise<void> {
    const instance = await this.create();
    try {
      const [db, reader] = [await instance.connect(), await instance.connect()];
      this.current = instance;
      this.db.replace(db);
      this.reader.replace(reader);
      this.lostBecause = null;
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  private unavailable(): GatewayLensError {
    return new GatewayLensError(
      'store_unavailable',
      `the database ${this.path} was closed to be opened again after a large file was stored, and could not be opened: ${messageOf(this.lostBecause)}. ` +
        `Each request tries again. ${ADVICE}`,
    );
  }
}

const ADVICE = 'If another process has the file open (DuckDB lets one at a time have it), stop it, or give this one another GATEWAY_LENS_DATA_DIR.';

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
