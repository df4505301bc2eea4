import { promises as dns } from 'node:dns';

export interface ResolveOptions {
  timeoutMs: number;
  /**
   * DNS servers ("127.0.0.1:5353") to ask with A and AAAA queries. Without them the system's resolver is
   * used through getaddrinfo (dns.lookup), which honours /etc/hosts and nsswitch as the gateway does.
   */
  servers?: readonly string[];
  signal?: AbortSignal;
}

/** A resolution failure with the resolver's code: ENOTFOUND, ESERVFAIL, ENODATA, EAI_AGAIN, ETIMEOUT. */
export class ResolveError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const codeOf = (error: unknown) => String((error as { code?: unknown })?.code ?? 'EUNKNOWN');

/** Most telling first: a definite answer (NXDOMAIN) beats a failure (SERVFAIL), which beats "no records of this type". */
const rank = ['ENOTFOUND', 'ESERVFAIL', 'EREFUSED', 'ECONNREFUSED', 'ETIMEOUT', 'ENODATA'];

async function viaServers(name: string, servers: readonly string[], timeoutMs: number): Promise<string[]> {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([...servers]);
  const [a, aaaa] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses = [...(a.status === 'fulfilled' ? a.value : []), ...(aaaa.status === 'fulfilled' ? aaaa.value : [])];
  if (addresses.length > 0) return addresses;
  const codes = [a, aaaa].map((r) => (r.status === 'rejected' ? codeOf(r.reason) : 'ENODATA'));
  const order = (c: string) => (rank.includes(c) ? rank.indexOf(c) : rank.length);
  const code = [...codes].sort((x, y) => order(x) - order(y))[0] ?? 'ENODATA';
  throw new ResolveError(code, `${code} ${name}`);
}

async function viaLookup(name: string): Promise<string[]> {
  try {
    const found = await dns.lookup(name, { all: true, verbatim: true });
    return found.map((f) => f.address);
  } catch (error) {
    throw new ResolveError(codeOf(error), `${codeOf(error)} ${name}`);
  }
}

/**
 * A and AAAA addresses of a name, within the timeout. getaddrinfo cannot be cancelled, so on timeout
 * its answer is dropped, not waited for.
 */
export function resolveHost(name: string, { timeoutMs, servers, signal }: ResolveOptions): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let done = false;
    const end = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => end(() => reject(new ResolveError('EABORTED', 'aborted')));
    const timer = setTimeout(() => end(() => reject(new ResolveError('ETIMEOUT', `timed out after ${timeoutMs} ms`))), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) onAbort();
    (servers && servers.length > 0 ? viaServers(name, servers, timeoutMs) : viaLookup(name)).then(
      (addresses) => end(() => resolve(addresses)),
      (error: unknown) => end(() => reject(error)),
    );
  });
}
