import { BlockList, isIP } from 'node:net';
import { invalidInput } from '../../errors';
import { cidrInsideLinkLocal, familyOf, type Danger } from './address-rules';
import { normalizeHost, parseHostPort, type Endpoint } from './target';

interface Cidr {
  address: string;
  prefix: number;
  block: BlockList;
}

/** GATEWAY_LENS_PROBE_ALLOW, parsed: hosts (names or addresses, with or without port) and CIDRs. */
export interface AllowList {
  hosts: Endpoint[];
  cidrs: Cidr[];
}

/**
 * "10.0.0.0/8, db.internal:5432, fd00::/8, 169.254.169.254". A malformed entry is an error, not
 * skipped: a typo in an allow list should be seen, not silently allow less (or more).
 */
export function parseAllowList(value: string): AllowList {
  const list: AllowList = { hosts: [], cidrs: [] };
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const address = normalizeHost(entry.slice(0, slash));
      const prefixText = entry.slice(slash + 1);
      const max = isIP(address) === 6 ? 128 : 32;
      const prefix = Number(prefixText);
      if (isIP(address) === 0 || !/^\d{1,3}$/.test(prefixText) || prefix > max) {
        throw invalidInput(`GATEWAY_LENS_PROBE_ALLOW entry "${entry}" is not a valid CIDR`, { entry });
      }
      const block = new BlockList();
      block.addSubnet(address, prefix, familyOf(address));
      list.cidrs.push({ address, prefix, block });
      continue;
    }
    const ep = parseHostPort(entry);
    if (!ep) throw invalidInput(`GATEWAY_LENS_PROBE_ALLOW entry "${entry}" is not a host, host:port or CIDR`, { entry });
    list.hosts.push({ host: normalizeHost(ep.host), port: ep.port });
  }
  return list;
}

const portFits = (entry: Endpoint, port: number | null) => entry.port === null || entry.port === port;

/**
 * Does the list admit this endpoint? By a host entry (a port-less entry admits every port), or by a
 * CIDR when the target is written as an address. A name is not admitted by the CIDR its address falls in:
 * that would mean resolving arbitrary names before refusing them; names must be named.
 */
export function allows(list: AllowList, ep: Endpoint): boolean {
  const host = normalizeHost(ep.host);
  if (list.hosts.some((h) => h.host === host && portFits(h, ep.port))) return true;
  return isIP(host) !== 0 && list.cidrs.some((c) => c.block.check(host, familyOf(host)));
}

/**
 * Is a dangerous address permitted explicitly? Only by naming it: the target's host or the address
 * itself as an entry. A link-local address may also be permitted by a CIDR lying inside the link-local
 * range ("169.254.10.0/24"); a metadata address never by a CIDR, so "0.0.0.0/0" or "169.254.0.0/16" do not
 * open it by accident.
 */
export function allowsExplicitly(list: AllowList, ep: Endpoint, danger: Danger): boolean {
  const host = normalizeHost(ep.host);
  if (list.hosts.some((h) => (h.host === host || h.host === danger.address) && portFits(h, ep.port))) return true;
  if (danger.rule !== 'link_local') return false;
  return list.cidrs.some((c) => cidrInsideLinkLocal(c.address, c.prefix) && c.block.check(danger.address, familyOf(danger.address)));
}
