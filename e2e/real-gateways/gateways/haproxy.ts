import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes';
import { waitUntilReady } from './ready';
import type { GatewaySetup, PoolSpec, RunningGateway } from './types';

/**
 * HAProxy 2.6 (Debian) in the foreground (`-db`), logging `option httplog` lines raw to stdout, which is
 * captured to haproxy.log: the file an operator gets from `log stdout` in a container. HAProxy's accept date
 * has no zone, so it runs with TZ=UTC. The first path segment picks the backend.
 */

function backend(pool: PoolSpec): string {
  const check = pool.haproxyCheck ? ' check inter 100ms fall 1 rise 1' : '';
  const servers = pool.servers.map((s) => `  server ${s.name} 127.0.0.1:${s.port}${check}`).join('\n');
  return `backend ${pool.name}\n  balance roundrobin\n${servers}\n`;
}

export function haproxyConfig(setup: GatewaySetup): string {
  return `global
  log stdout format raw local0
  maxconn 200

defaults
  mode http
  log global
  option httplog
  # Health checks and readiness connections that send nothing are not requests.
  option dontlognull
  timeout connect 1s
  timeout client 10s
  # Every upstream here answers at once or not at all: 1 s is "beyond the timeout" for the slow one (3 s).
  timeout server 1s
  # No retries: one log line is then exactly one connection attempt (HAProxy logs retries only as a count).
  retries 0

frontend fe_main
  bind 127.0.0.1:${setup.port}
  use_backend %[path,field(2,/)]

frontend fe_ready
  bind 127.0.0.1:${setup.readyPort}
  no log
  http-request return status 204

${setup.pools.map(backend).join('\n')}`;
}

export async function startHaproxy(setup: GatewaySetup): Promise<RunningGateway> {
  const dir = setup.dir;
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig(setup));
  const log = join(dir, 'haproxy.log');
  const stderr = join(dir, 'haproxy-stderr.log');
  const gateway = startProcess('haproxy', ['-db', '-f', join(dir, 'haproxy.cfg')], { env: { TZ: 'UTC' }, stdout: log, stderr, stopSignal: 'SIGUSR1' });
  await waitUntilReady('haproxy', gateway, setup.readyPort, [stderr, log]);
  return { kind: 'haproxy', pid: gateway.pid, logs: [{ name: 'haproxy.log', path: log }], diagnostics: [stderr], stop: gateway.stop };
}
