import type { UpstreamSpec } from '../upstream';

export type GatewayKind = 'nginx' | 'haproxy' | 'caddy';

/** An upstream pool, reached through the gateway at `/<name>/...`. */
export interface PoolSpec {
  name: string;
  servers: UpstreamSpec[];
  /** nginx: parameters of every `server` line of the pool's upstream block, e.g. "max_fails=0". */
  nginxServer?: string;
  /** nginx: extra directives in the pool's location, e.g. "proxy_next_upstream off;". */
  nginxLocation?: string[];
  /** HAProxy: health-check every server (TCP connect every 100 ms, down after 1 failure, up after 1 success). */
  haproxyCheck?: boolean;
  /** Caddy: lines inside the pool's `reverse_proxy` block, e.g. "lb_policy round_robin". */
  caddyProxy?: string[];
}

export interface GatewaySetup {
  /** A fresh temp dir: config, logs and the gateway's own state live here. */
  dir: string;
  /** Where the client sends traffic. */
  port: number;
  /** A listener whose requests are never logged: only used to know the gateway is up. */
  readyPort: number;
  pools: PoolSpec[];
}

/** One log file to ingest, with the zone its times are in when the format writes none. */
export interface GatewayLog {
  name: string;
  path: string;
}

export interface RunningGateway {
  kind: GatewayKind;
  pid: number;
  logs: GatewayLog[];
  /** Files that are not ingested but help when a scenario fails (stderr, startup output). */
  diagnostics: string[];
  stop(): Promise<void>;
}

/** What Gateway Lens reports as the pool of a request to this pool (null: the format names no pool). */
export type PoolId = (pool: PoolSpec) => string | null;
/** What Gateway Lens reports as the server of an attempt on this upstream. */
export type ServerId = (server: UpstreamSpec, pool: PoolSpec) => string;
