import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes';
import { waitUntilReady } from './ready';
import type { GatewaySetup, PoolSpec, RunningGateway } from './types';

/**
 * Caddy 2.6 (Debian) in the foreground (`caddy run` with its own Caddyfile; admin API off, no HTTPS, HOME and
 * XDG dirs inside the temp dir so it writes nothing elsewhere). The site's access log and the default logger
 * (errors, and with `debug` one entry per proxy try) are JSON files, the two files Gateway Lens reads.
 */

function handle(pool: PoolSpec): string {
  const upstreams = pool.servers.map((s) => `127.0.0.1:${s.port}`).join(' ');
  const extra = (pool.caddyProxy ?? []).map((line) => `\t\t\t${line}\n`).join('');
  // 1 s for the slow upstream (3 s): the same "beyond the timeout" as nginx and HAProxy here.
  return `\thandle /${pool.name}/* {
\t\treverse_proxy ${upstreams} {
${extra}\t\t\ttransport http {
\t\t\t\tdial_timeout 1s
\t\t\t\tresponse_header_timeout 1s
\t\t\t}
\t\t}
\t}`;
}

export function caddyfile(setup: GatewaySetup): string {
  const dir = setup.dir;
  return `{
\tadmin off
\tauto_https off
\tdebug
\tstorage file_system ${dir}/data
\tlog default {
\t\toutput file ${dir}/error.log
\t\tformat json
\t}
}
http://127.0.0.1:${setup.port} {
\tlog {
\t\toutput file ${dir}/access.log
\t\tformat json
\t}
${setup.pools.map(handle).join('\n')}
}
http://127.0.0.1:${setup.readyPort} {
\trespond 204
}
`;
}

export async function startCaddy(setup: GatewaySetup): Promise<RunningGateway> {
  const dir = setup.dir;
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(dir, 'Caddyfile'), caddyfile(setup));
  const output = join(dir, 'caddy.out');
  const gateway = startProcess('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    env: { HOME: home, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') },
    stdout: output,
    stderr: output,
    stopSignal: 'SIGTERM',
  });
  await waitUntilReady('caddy', gateway, setup.readyPort, [output, join(dir, 'error.log')]);
  return {
    kind: 'caddy',
    pid: gateway.pid,
    logs: [
      { name: 'access.log', path: join(dir, 'access.log') },
      { name: 'error.log', path: join(dir, 'error.log') },
    ],
    diagnostics: [output],
    stop: gateway.stop,
  };
}
