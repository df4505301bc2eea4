import { invalidInput } from '../../errors';
import type { ProbeResult } from '../types';
import { activeResult, stopwatch } from './clock';
import { probeTimeout } from './limits';
import { resolveHost, ResolveError } from './resolve-host';
import { normalizeHost, parseHostPort } from './target';

export interface DnsProbeOptions {
  timeoutMs?: number;
  /** Ask these servers directly ("10.0.0.2", "127.0.0.1:5353") instead of the system resolver. */
  servers?: readonly string[];
  signal?: AbortSignal;
}

/** Texts per resolver code: the DNS rcode named first, as dig and the gateways' logs name it. */
function describe(code: string, viaLookup: boolean): string {
  switch (code) {
    case 'ENOTFOUND':
      return viaLookup ? 'name not found: NXDOMAIN or no A/AAAA records (ENOTFOUND)' : 'NXDOMAIN: the name does not exist (ENOTFOUND)';
    case 'EAI_AGAIN':
      return 'temporary DNS failure: SERVFAIL or no answer from the resolver (EAI_AGAIN)';
    case 'ESERVFAIL':
      return 'SERVFAIL: the DNS server could not answer (ESERVFAIL)';
    case 'ENODATA':
      return 'no A or AAAA records for the name (ENODATA)';
    case 'EREFUSED':
      return 'REFUSED: the DNS server refused the query (EREFUSED)';
    case 'ECONNREFUSED':
      return 'DNS server connection refused (ECONNREFUSED)';
    default:
      return `DNS lookup failed (${code})`;
  }
}

/**
 * Resolves a name to its A and AAAA addresses. By default through getaddrinfo (dns.lookup with all:
 * true), which is what the gateway's own resolution mostly is and which honours /etc/hosts, so
 * "localhost" and hosts-file names resolve as they do for the gateway. ok when at least one address.
 */
export async function probeDns(name: string, options: DnsProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = probeTimeout(options.timeoutMs);
  const ep = parseHostPort(name);
  if (!ep || ep.port !== null) throw invalidInput(`a dns probe takes a name, got "${name}"`, { target: name });
  const host = normalizeHost(ep.host);
  // resolveHost keeps the deadline and the abort; here it is only measured.
  const clock = stopwatch();
  try {
    const found = await resolveHost(host, { timeoutMs, servers: options.servers, signal: options.signal });
    const addresses = [...new Set(found)];
    return activeResult('dns', name, clock.time, { ok: addresses.length > 0, latencyMs: clock.elapsed(), addresses, error: addresses.length > 0 ? null : describe('ENODATA', false) });
  } catch (error) {
    const code = error instanceof ResolveError ? error.code : 'EUNKNOWN';
    const text = code === 'ETIMEOUT' ? `timed out after ${timeoutMs} ms` : code === 'EABORTED' ? 'probe aborted' : describe(code, !options.servers?.length);
    return activeResult('dns', name, clock.time, { latencyMs: clock.elapsed(), addresses: [], error: text });
  }
}
