import { stepOf } from './steps';

/*
 * What to run next on the hosts involved, with the real values filled in. The commands depend on how the
 * gateway names the server: an address (nginx, Envoy, Caddy, Traefik, the load balancers) can be reached
 * and listened for; an HAProxy server is backend/name, whose address is in haproxy.cfg and whose state
 * HAProxy's stats socket tells. Socket and file paths are the distributions' defaults, said as such.
 */

export interface FailingServer {
  cause: string;
  server: string;
  from: number;
  to: number;
  /** The gateway that wrote the logs, when the incident has one: its configuration is what to read. */
  gateway: string | null;
}

const HAPROXY_SOCKET = '/run/haproxy/admin.sock';
const HAPROXY_CFG = '/etc/haproxy/haproxy.cfg';

const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
/** The journal a minute either side of the episode, with what to look for in it. */
const journalOf = (from: number, to: number, comment: string) =>
  `journalctl --since "${utc(from - 60_000)}" --until "${utc(to + 60_000)}" --utc   # ${comment}`;
const journal = (from: number, to: number, where: string) => journalOf(from, to, `on ${where}: did the service stop, crash or restart?`);

/** "backend/server" as HAProxy names a server; null for an address. */
export function haproxyServer(server: string): { backend: string; name: string } | null {
  const m = /^([^\s/:]+)\/([^\s/:]+)$/.exec(server);
  return m ? { backend: m[1]!, name: m[2]! } : null;
}

/** What to run next about one failing server (an episode of it). */
export function nextCommands(e: FailingServer): string[] {
  const named = haproxyServer(e.server);
  return named ? haproxyCommands(e, named.backend, named.name) : addressCommands(e);
}

function addressCommands({ cause, server, from, to, gateway }: FailingServer): string[] {
  const cut = server.lastIndexOf(':');
  const [host, port] = cut > 0 ? [server.slice(0, cut), server.slice(cut + 1)] : [server, '80'];
  const first = causeCommands(cause, server, host, port, gateway);
  // A name that did not resolve says nothing of its host's service: no journal there.
  if (first) return cause === 'dns_failure' ? first : [...first, journal(from, to, host)];
  switch (stepOf(cause)) {
    case 'upstream_status':
      return [`ss -ltnp 'sport = :${port}'   # on ${host}: is anything listening on ${port}?`, `curl -sv -m 5 http://${server}/ -o /dev/null`, journal(from, to, host)];
    case 'network':
      return [
        `curl -sv -m 5 http://${server}/ -o /dev/null   # from the gateway host`, `ss -tn 'dport = :${port}'   # on the gateway: connections to ${server}`,
        ...(isAddress(host) ? [] : [`dig +short ${host}`]), journal(from, to, host),
      ];
    case 'configuration':
      return [`curl -sv -m 5 http://${server}/ -o /dev/null 2>&1 | head -40   # the raw status line and header size`, ...gatewayConfig(gateway, server)];
    default:
      return [journal(from, to, host), `curl -sv -m 5 http://${server}/ -o /dev/null`];
  }
}

/**
 * Where the cause itself says what to look at first: a name that did not resolve is asked of the resolver, a
 * handshake that failed is made again with the certificate shown, a timeout is timed. Null where the check's
 * commands fit.
 */
function causeCommands(cause: string, server: string, host: string, port: string, gateway: string | null): string[] | null {
  switch (cause) {
    case 'dns_failure':
      return [
        `dig +short ${host}   # from the gateway host: what the name resolves to now`,
        `getent hosts ${host}   # the same through the system's resolver (/etc/hosts, nsswitch)`,
        ...(isNginx(gateway) ? [`nginx -T 2>/dev/null | grep -nE 'resolver|proxy_pass'   # which resolver nginx asks, and which names it proxies to`] : []),
      ];
    case 'tls_failure': {
      const sni = isAddress(host) ? '' : ` -servername ${host}`;
      return [
        `openssl s_client -connect ${server}${sni} </dev/null 2>&1 | head -30   # from the gateway host: the handshake, the certificate chain and its verification`,
        `echo | openssl s_client -connect ${server}${sni} 2>/dev/null | openssl x509 -noout -subject -issuer -dates   # the certificate's names and validity`,
        ...gatewayConfig(gateway, server),
      ];
    }
    case 'upstream_timeout':
      return [
        `curl -s -o /dev/null -m 120 -w 'connect %{time_connect}s  first byte %{time_starttransfer}s  total %{time_total}s\\n' http://${server}/   # from the gateway host: how long it takes to answer now`,
        `ss -tn 'dport = :${port}'   # on the gateway: connections to ${server}`,
        ...(isNginx(gateway) ? [`nginx -T 2>/dev/null | grep -nE 'proxy_(connect|read|send)_timeout'   # how long nginx waits`] : []),
      ];
  }
  return null;
}

/** An IPv4 address or a bracketed IPv6 one: nothing to resolve, no name to send as SNI. */
const isAddress = (host: string) => /^[\d.]+$|^\[/.test(host);

const isNginx = (gateway: string | null) => gateway === 'nginx' || gateway === 'ingress-nginx';

/** Where the gateway's settings for header size, protocol and TLS to the upstream are read. */
function gatewayConfig(gateway: string | null, server: string): string[] {
  if (isNginx(gateway)) return [`nginx -T 2>/dev/null | grep -nE 'proxy_buffer_size|proxy_buffers|proxy_http_version|proxy_ssl'`];
  if (gateway === 'envoy') return [`curl -s localhost:9901/clusters | grep '${server}'   # Envoy's admin port: the host's health flags and error counters`];
  return [];
}

function haproxyCommands({ cause, from, to }: FailingServer, backend: string, name: string): string[] {
  const state = `echo "show servers state ${backend}" | socat stdio ${HAPROXY_SOCKET}   # ${name}'s state and address as HAProxy sees them (the stats socket of ${HAPROXY_CFG})`;
  const address = `grep -nE '^\\s*server\\s+${name}\\s' ${HAPROXY_CFG}   # the address of ${name}, in backend ${backend} among others`;
  const counters = `echo "show stat" | socat stdio ${HAPROXY_SOCKET} | grep '^${backend},${name},'   # its counters: econ (connect errors), eresp (response errors), wretr (retries)`;
  switch (stepOf(cause)) {
    case 'configuration':
      return [
        `echo "show errors" | socat stdio ${HAPROXY_SOCKET}   # the last responses HAProxy refused, byte by byte, and why`,
        `grep -nE 'tune\\.bufsize|tune\\.maxrewrite|accept-invalid-http-response|ssl|sni' ${HAPROXY_CFG}`,
        address,
      ];
    case 'network':
      return [state, counters, address, journal(from, to, `${name}'s host`)];
    default:
      return [state, address, journal(from, to, `${name}'s host`)];
  }
}

/** A pool whose requests reached none of its servers: every server, and why the gateway gave up on them. */
export function poolCommands(pool: string | null, servers: readonly string[], from: number, to: number): string[] {
  const reach = servers.map((server) => {
    const named = haproxyServer(server);
    return named
      ? `echo "show servers state ${named.backend}" | socat stdio ${HAPROXY_SOCKET}   # are the servers of ${named.backend} up?`
      : `curl -sv -m 5 http://${server}/ -o /dev/null   # is ${server} of ${pool ?? 'the pool'} answering?`;
  });
  return [
    ...new Set(reach),
    journalOf(from, to, `on each server of ${pool ?? 'the pool'}: did the services stop or restart together?`),
    `grep -E 'no live upstreams|has no server available|temporarily disabled|is DOWN' /var/log/nginx/error.log /var/log/haproxy.log   # when and why the gateway took them out`,
  ];
}
