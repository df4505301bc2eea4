import { isIP, type LookupFunction } from 'node:net';
import { lookupFailed } from './describe-error';

/**
 * A `lookup` for net/tls/http that answers with the guard's addresses instead of asking DNS again.
 * Undefined when the caller gave no addresses (a prober used directly, outside runProbes).
 */
export function pinnedLookup(addresses: readonly string[] | undefined, lookupError: string | null | undefined): LookupFunction | undefined {
  if (addresses === undefined && !lookupError) return undefined;
  const list = (addresses ?? []).filter((a) => isIP(a) !== 0).map((address) => ({ address, family: isIP(address) }));
  return (hostname, options, callback) => {
    const first = list[0];
    if (!first) {
      const error = Object.assign(new Error(lookupFailed(hostname, lookupError ?? 'no addresses')), { code: 'ENOTFOUND', hostname });
      callback(error, '', 0);
      return;
    }
    // Node 20 asks with `all: true` when it tries several addresses (autoSelectFamily).
    if (options.all) (callback as unknown as (e: null, a: typeof list) => void)(null, list);
    else callback(null, first.address, first.family);
  };
}
