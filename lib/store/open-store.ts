import { join } from 'node:path';
import { openDuckDbStore } from './duckdb';
import type { Store } from './types';

/** `GATEWAY_LENS_DATA_DIR` overrides where the embedded database lives (default ./data). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GATEWAY_LENS_DATA_DIR || join(process.cwd(), 'data');
}

export function defaultDuckDbPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDir(env), 'gateway-lens.duckdb');
}

/** The store the server uses: the embedded DuckDB file. (PostgreSQL server mode comes with DATABASE_URL.) */
export function openStore(env: NodeJS.ProcessEnv = process.env): Promise<Store> {
  return openDuckDbStore({ path: defaultDuckDbPath(env) });
}
