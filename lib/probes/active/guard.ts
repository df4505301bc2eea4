import { isIP } from 'node:net';
import type { ProbeKind } from '../types';
import { dangerOf, type Danger } from './address-rules';
import { allows, allowsExplicitly, parseAllowList } from './allow-list';
import { DEFAULT_TIMEOUT_MS } from './limits';
import { indexKnown, isKnown } from './known';
import { ProbeTargetRefused } from './refusal';
import { resolveHost, ResolveError } from './resolve-host';
import { formatEndpoint, normalizeHost, parseEndpoint, type Endpoint } from './target';

export interface GuardOptions {
  /** Hosts and servers the incident's own data names (Store.knownTargets). */
  known: Iterable<string>;
  /** The GATEWAY_LENS_PROBE_ALLOW value, read by the caller (lib/ does not read the environment). */
  allow: string;
  /** How the target will be probed; without it every rule applies. */
  kind?: ProbeKind;
  /** DNS servers to resolve with instead of the system resolver (see resolve-host.ts). */
  dnsServers?: readonly string[];
  /** Bound on the guard's own lookup, ms. */
  lookupTimeoutMs?: number;
  signal?: AbortSignal;
}

/** A target the guard let through, with the addresses the probe must connect to (and only to). */
export interface GuardedTarget {
  target: string;
  endpoint: Endpoint;
  /** Empty when the name did not resolve (then `lookupError` says why) or for a dns probe. */
  addresses: string[];
  lookupError: string | null;
}

const ENV = 'GATEWAY_LENS_PROBE_ALLOW';

function refuseDanger(target: string, ep: Endpoint, danger: Danger, via?: string): ProbeTargetRefused {
  const subject = via ? `${via} resolves to ${danger.address}, ${danger.what}` : `${danger.address} is ${danger.what}`;
  return new ProbeTargetRefused(target, danger.rule, `${subject}; list it in ${ENV} to probe it`, {
    address: danger.address,
    endpoint: formatEndpoint(ep),
  });
}

/**
 * A guard for one request: the allow list and the known targets parsed once, then each target checked.
 * Order matters: the address rules run first for targets written as addresses (metadata and link-local
 * are refused even when the incident's data names them); the outside-the-incident rule runs before any
 * DNS query (an arbitrary name is refused without being resolved); then the name is resolved and every
 * address it resolves to passes the address rules again (DNS rebinding).
 */
export function makeGuard(options: GuardOptions): (target: string) => Promise<GuardedTarget> {
  const allowList = parseAllowList(options.allow);
  const known = indexKnown(options.known);
  // A dns probe opens no connection to the target: only the scope rule applies to it.
  const connects = options.kind !== 'dns';
  return async (target) => {
    const ep = parseEndpoint(target, options.kind);
    const host = normalizeHost(ep.host);
    const literal = isIP(host) !== 0;
    if (connects) {
      const danger = dangerOf(host);
      if (danger && !allowsExplicitly(allowList, ep, danger)) throw refuseDanger(target, ep, danger);
    }
    if (!isKnown(known, ep) && !allows(allowList, ep)) {
      throw new ProbeTargetRefused(
        target,
        'outside_incident',
        `${formatEndpoint(ep)} appears nowhere in this incident's data and is not allowed by ${ENV}; add it there to probe it`,
        { endpoint: formatEndpoint(ep) },
      );
    }
    if (!connects) return { target, endpoint: ep, addresses: [], lookupError: null };
    if (literal) return { target, endpoint: ep, addresses: [host], lookupError: null };
    let addresses: string[];
    try {
      addresses = await resolveHost(host, {
        timeoutMs: options.lookupTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        servers: options.dnsServers,
        signal: options.signal,
      });
    } catch (error) {
      // Not a refusal: the probe reports the failed resolution as its result (a dns_failure is evidence).
      const code = error instanceof ResolveError ? error.code : 'EUNKNOWN';
      return { target, endpoint: ep, addresses: [], lookupError: code === 'ETIMEOUT' ? (error as Error).message : code };
    }
    for (const address of addresses) {
      const danger = dangerOf(address);
      if (danger && !allowsExplicitly(allowList, ep, danger)) throw refuseDanger(target, ep, danger, host);
    }
    return { target, endpoint: ep, addresses, lookupError: null };
  };
}

/** Checks one target; throws ProbeTargetRefused (or invalid_input for a malformed target). */
export async function checkProbeTarget(target: string, options: GuardOptions): Promise<GuardedTarget> {
  return makeGuard(options)(target);
}
