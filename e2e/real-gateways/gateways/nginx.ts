import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess } from '../processes';
import { waitUntilReady } from './ready';
import type { GatewaySetup, PoolSpec, RunningGateway } from './types';

/**
 * nginx 1.22 (Debian) in the foreground with one process (`master_process off`), its prefix, temp paths,
 * pid and error log inside the scenario's temp dir. The access log is `combined` + the tail of Gateway Lens's
 * `nginx_upstream_timed` layout, so it is detected without help and `$proxy_host` names the pool (the
 * upstream block). Times are written in UTC (TZ=UTC), as the error log has no zone.
 */

const LOG_FORMAT =
  `'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" ` +
  `$request_time $upstream_addr $upstream_status $upstream_response_time $upstream_connect_time $upstream_header_time $proxy_host'`;

function upstreamBlock(pool: PoolSpec): string {
  const params = pool.nginxServer ? ` ${pool.nginxServer}` : '';
  const servers = pool.servers.map((s) => `    server 127.0.0.1:${s.port}${params};`).join('\n');
  return `  upstream ${pool.name} {\n${servers}\n  }`;
}

function location(pool: PoolSpec): string {
  const extra = (pool.nginxLocation ?? []).map((line) => `      ${line}\n`).join('');
  return `    location /${pool.name}/ {\n      proxy_pass http://${pool.name};\n${extra}    }`;
}

export function nginxConfig(setup: GatewaySetup): string {
  const dir = setup.dir;
  return `worker_processes 1;
master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  log_format lens ${LOG_FORMAT};
  # Every upstream here answers at once or not at all: 1 s is "beyond the timeout" for the slow one (3 s).
  proxy_connect_timeout 1s;
  proxy_read_timeout 1s;
  proxy_send_timeout 1s;
${setup.pools.map(upstreamBlock).join('\n')}
  server {
    listen 127.0.0.1:${setup.port};
    access_log ${dir}/access.log lens;
${setup.pools.map(location).join('\n')}
  }
  server {
    listen 127.0.0.1:${setup.readyPort};
    location / { return 204; }
  }
}
`;
}

export async function startNginx(setup: GatewaySetup): Promise<RunningGateway> {
  const dir = setup.dir;
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(setup));
  const output = join(dir, 'nginx.out');
  const gateway = startProcess('nginx', ['-p', `${dir}/`, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], {
    env: { TZ: 'UTC' },
    stdout: output,
    stderr: output,
    stopSignal: 'SIGQUIT',
  });
  await waitUntilReady('nginx', gateway, setup.readyPort, [output, join(dir, 'error.log')]);
  return {
    kind: 'nginx',
    pid: gateway.pid,
    logs: [
      { name: 'access.log', path: join(dir, 'access.log') },
      { name: 'error.log', path: join(dir, 'error.log') },
    ],
    diagnostics: [output],
    stop: gateway.stop,
  };
}
