/**
 * Traefik names the server behind a request by its URL (`ServiceURL`, "http://10.0.0.2:8080") and, in JSON,
 * by `ServiceAddr`. Both may lack a port ("http://10.0.0.2/toto", "33.33.33.33"), and some versions wrote
 * `ServiceURL` as Go's url.URL object ({"Scheme":"https","Host":"33.33.33.33",...}); the server is always
 * reported as host:port, the port taken from the scheme when Traefik left it out.
 */

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443', h2c: '80', ws: '80', wss: '443' };

export interface ServiceUrlParts {
  scheme: string | null;
  host: string;
}

/** The scheme and host[:port] of a service URL written as text or as Go's url.URL object. */
export function serviceUrlParts(value: unknown): ServiceUrlParts | null {
  if (typeof value === 'string') {
    if (value === '' || value === '-') return null;
    const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)/i.exec(value);
    if (!match?.[1] || !match[2]) return null;
    return { scheme: match[1].toLowerCase(), host: match[2] };
  }
  if (typeof value === 'object' && value !== null) {
    const { Scheme: scheme, Host: host } = value as Record<string, unknown>;
    if (typeof host !== 'string' || host === '') return null;
    return { scheme: typeof scheme === 'string' && scheme !== '' ? scheme.toLowerCase() : null, host };
  }
  return null;
}

/** True when the text already ends in a port (IPv6 addresses are bracketed when they carry one). */
function hasPort(host: string): boolean {
  if (host.startsWith('[')) return /\]:\d+$/.test(host);
  // A bare IPv6 address has several colons and no port.
  return /^[^:]+:\d+$/.test(host);
}

/** `host:port` of the server, from ServiceAddr when it has a port, else from the URL and its scheme. */
export function serviceServer(serviceAddr: unknown, serviceUrl: unknown): string | null {
  const url = serviceUrlParts(serviceUrl);
  const addr = typeof serviceAddr === 'string' && serviceAddr !== '' && serviceAddr !== '-' ? serviceAddr : null;
  const host = addr ?? url?.host ?? null;
  if (host === null) return null;
  if (hasPort(host)) return host;
  const port = url?.scheme ? DEFAULT_PORTS[url.scheme] : undefined;
  return port ? `${host}:${port}` : host;
}
