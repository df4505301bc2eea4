import { BlockList, isIP } from 'node:net';
import { normalizeHost } from './target';

/**
 * Addresses a probe must not reach unless the operator names them: cloud instance-metadata endpoints
 * (a probe there could read credentials: the classic SSRF target) and link-local ranges (metadata
 * services, container-runtime agents, the host's own neighbours), none of which is ever a normal upstream.
 */
export const METADATA_ADDRESSES: readonly string[] = [
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle
  'fd00:ec2::254', // AWS IMDS over IPv6
  '100.100.100.200', // Alibaba Cloud
];
export const METADATA_NAMES: readonly string[] = ['metadata.google.internal'];

export const LINK_LOCAL_CIDRS: readonly { address: string; prefix: number; family: 'ipv4' | 'ipv6' }[] = [
  { address: '169.254.0.0', prefix: 16, family: 'ipv4' },
  { address: 'fe80::', prefix: 10, family: 'ipv6' },
];

const linkLocal = new BlockList();
for (const c of LINK_LOCAL_CIDRS) linkLocal.addSubnet(c.address, c.prefix, c.family);

export const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export function isLinkLocal(address: string): boolean {
  const a = normalizeHost(address);
  return isIP(a) !== 0 && linkLocal.check(a, familyOf(a));
}

/** Is a CIDR wholly inside a link-local range? Such an entry is itself an explicit permission for link-local. */
export function cidrInsideLinkLocal(address: string, prefix: number): boolean {
  const family = familyOf(address);
  return LINK_LOCAL_CIDRS.some((c) => c.family === family && prefix >= c.prefix && linkLocal.check(address, family));
}

export interface Danger {
  rule: 'cloud_metadata' | 'link_local';
  /** The address (or metadata name) that triggered the rule. */
  address: string;
  /** "a cloud metadata address", "a link-local address (169.254.0.0/16)". */
  what: string;
}

/** The rule an address or host name falls under, or null for an ordinary one. */
export function dangerOf(hostOrAddress: string): Danger | null {
  const a = normalizeHost(hostOrAddress);
  if (METADATA_NAMES.includes(a)) return { rule: 'cloud_metadata', address: a, what: 'a cloud metadata name' };
  if (METADATA_ADDRESSES.includes(a)) return { rule: 'cloud_metadata', address: a, what: 'a cloud metadata address' };
  if (isLinkLocal(a)) {
    const range = LINK_LOCAL_CIDRS.find((c) => c.family === familyOf(a));
    return { rule: 'link_local', address: a, what: `a link-local address (${range?.address}/${range?.prefix})` };
  }
  return null;
}
