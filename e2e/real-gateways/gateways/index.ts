import { startCaddy } from './caddy';
import { startHaproxy } from './haproxy';
import { startNginx } from './nginx';
import { which } from '../processes';
import type { GatewayKind, GatewaySetup, PoolId, RunningGateway, ServerId } from './types';

export type { GatewayKind, PoolSpec, RunningGateway } from './types';

export function startGateway(kind: GatewayKind, setup: GatewaySetup): Promise<RunningGateway> {
  if (kind === 'nginx') return startNginx(setup);
  if (kind === 'haproxy') return startHaproxy(setup);
  return startCaddy(setup);
}

/**
 * How Gateway Lens names pools and servers for each gateway (README, "Log formats"): nginx's pool is
 * `$proxy_host` (the upstream block) and its server `$upstream_addr`; HAProxy's pool is the backend and its
 * server backend/name, as HAProxy writes it; Caddy's access entries name no pool, and its error and debug entries name the
 * upstream by its dial address.
 */
export const poolIdOf: Record<GatewayKind, PoolId> = {
  nginx: (pool) => pool.name,
  haproxy: (pool) => pool.name,
  caddy: () => null,
};

export const serverIdOf: Record<GatewayKind, ServerId> = {
  nginx: (server) => `127.0.0.1:${server.port}`,
  haproxy: (server, pool) => `${pool.name}/${server.name}`,
  caddy: (server) => `127.0.0.1:${server.port}`,
};

/** The gateways not installed on this machine (scripts/setup-lib.mjs ensureGateways installs them). */
export const missingGateways = (): string[] => ['nginx', 'haproxy', 'caddy'].filter((name) => which(name) === null);
