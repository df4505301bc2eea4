import { normalizeHost, parseEndpoint, type Endpoint } from './target';

/** The incident's own servers, hosts and probe targets (Store.knownTargets), indexed for the guard. */
export interface KnownIndex {
  /** "host:port" from entries with a port. */
  hostPorts: Set<string>;
  /** Hosts from entries without a port (a Host header, a dns target): every port of them is known. */
  bareHosts: Set<string>;
  /** Every host any entry names, with or without a port: what a dns probe may resolve. */
  anyHost: Set<string>;
}

const key = (host: string, port: number) => `${host}|${port}`;

/** Entries that name no host (a unix socket "unix:/run/app.sock", a pool name) are skipped. */
export function indexKnown(known: Iterable<string>): KnownIndex {
  const index: KnownIndex = { hostPorts: new Set(), bareHosts: new Set(), anyHost: new Set() };
  for (const entry of known) {
    let ep: Endpoint;
    try {
      ep = parseEndpoint(entry);
    } catch {
      continue;
    }
    const host = normalizeHost(ep.host);
    index.anyHost.add(host);
    if (ep.port === null) index.bareHosts.add(host);
    else index.hostPorts.add(key(host, ep.port));
  }
  return index;
}

/**
 * Is the endpoint named by the incident's data? "10.0.3.7:8080" in the data admits that port only, so a
 * server's address does not open all of its ports; a port-less host (a Host header) admits the host.
 */
export function isKnown(index: KnownIndex, ep: Endpoint): boolean {
  const host = normalizeHost(ep.host);
  if (ep.port === null) return index.anyHost.has(host);
  return index.bareHosts.has(host) || index.hostPorts.has(key(host, ep.port));
}
