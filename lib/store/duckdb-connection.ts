import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { migrations } from './migrations';

type Row = Record<string, unknown>;

/** Big integers from DuckDB become JS numbers: counts and epoch ms fit well within 2^53. */
const plain = (value: unknown) => (typeof value === 'bigint' ? Number(value) : value);

/**
 * A result's rows as objects, built from its columns: the reader converts whole vectors column by column, where
 * its own row objects visit every value through the chunk one call at a time (11,000 rows of 6 columns, the
 * diagnosis's buckets of a 10M-request incident: 17 ms that way, 2-5 ms this way).
 */
function rowsOf(reader: DuckDBResultReader): Row[] {
  const names = reader.deduplicatedColumnNames();
  const columns = reader.getColumnsJS();
  const rows: Row[] = new Array(reader.currentRowCount);
  for (let i = 0; i < rows.length; i++) {
    const row: Row = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = plain(columns[c]![i]);
    rows[i] = row;
  }
  return rows;
}

/**
 * Serialises statements on one connection: route handlers run concurrently, and one connection
 * runs one statement at a time.
 */
export class SerialConnection {
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements queued or running: the read pool sends work to the least busy connection. */
  pending = 0;
  constructor(private current: DuckDBConnection) {}

  get connection(): DuckDBConnection {
    return this.current;
  }

  /** Statements run on `connection` from now on: the store reopened its database once none was running. */
  replace(connection: DuckDBConnection): void {
    this.current = connection;
  }

  all<T>(text: string, values: DuckDBValue[] = []): Promise<T[]> {
    this.pending++;
    const run = this.tail.then(async () => {
      const reader = await this.current.runAndReadAll(text, values);
      return rowsOf(reader) as T[];
    });
    this.tail = run.catch(() => undefined);
    return run.finally(() => this.pending--);
  }
}

/**
 * Read-only queries spread over a few connections: an incident page asks for a dozen figures at once, and
 * DuckDB answers them side by side instead of one after another. Writes stay on one connection.
 */
export class ReadPool {
  constructor(private readonly connections: readonly SerialConnection[]) {}

  all<T>(text: string, values: DuckDBValue[] = []): Promise<T[]> {
    const idlest = this.connections.reduce((a, b) => (b.pending < a.pending ? b : a));
    return idlest.all<T>(text, values);
  }
}

/** Applies the migrations not yet recorded, each in its own transaction. */
export async function migrate(db: SerialConnection): Promise<void> {
  await db.all('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at BIGINT)');
  const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  // A new store's tables are empty: a checkpoint after each migration only writes the file again (23 writes
  // took a fresh store 200-250 ms to open, the CLI and every test paying it). One at the end suffices.
  const fresh = applied.size === 0;
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.all('BEGIN TRANSACTION');
    try {
      await db.all(typeof migration.sql === 'string' ? migration.sql : await migration.sql(db));
      await db.all('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [migration.version, migration.name, BigInt(Date.now())]);
      await db.all('COMMIT');
    } catch (error) {
      // A failed COMMIT has already rolled back: the error to report is the migration's, not the ROLLBACK's.
      await db.all('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    // Columns added or dropped live in memory until a checkpoint writes them out: on 10M attempts, migrations
    // 18 to 20 left the rewrite of 21 too little of DuckDB's memory to run.
    if (!fresh) await db.all('CHECKPOINT');
  }
  if (fresh) await db.all('CHECKPOINT');
}

