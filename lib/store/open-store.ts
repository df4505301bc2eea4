import { join } from 'node:path';
import { GatewayLensError } from '../errors';
import { openDuckDbStore } from './duckdb';
import type { Store } from './types';

type Environment = Readonly<Record<string, string | undefined>>;

/** `GATEWAY_LENS_DATA_DIR` overrides where the embedded database lives (default ./data). */
export function dataDir(env: Environment = process.env): string {
  return env.GATEWAY_LENS_DATA_DIR || join(process.cwd(), 'data');
}

export function defaultDuckDbPath(env: Environment = process.env): string {
  return join(dataDir(env), 'gateway-lens.duckdb');
}

/**
 * The store the server uses: the embedded DuckDB file. DATABASE_URL is where the design puts PostgreSQL
 * (server mode), which this version does not have: a server told to use it refuses to start rather than
 * quietly keep each replica's incidents in a file of its own.
 */
export async function openStore(env: Environment = process.env): Promise<Store> {
  if (env.DATABASE_URL) {
    const scheme = env.DATABASE_URL.split(':')[0];
    throw new GatewayLensError(
      'store_unavailable',
      `DATABASE_URL is set (${scheme}:…), but this version of Gateway Lens has no PostgreSQL store (server mode): unset DATABASE_URL to use the embedded DuckDB store in GATEWAY_LENS_DATA_DIR (${dataDir(env)})`,
      { scheme },
    );
  }
  return openDuckDbStore({ path: defaultDuckDbPath(env) });
}
