import { lookup } from 'node:dns/promises';
import net from 'node:net';
import { GatewayLensError } from '../../errors';
import { addressOf } from './target';

/** Addresses that answer cloud credentials: never probed unless listed explicitly. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', 'metadata.google.internal', 'metadata']);

const linkLocal = new net.BlockList();
linkLocal.addSubnet('169.254.0.0', 16, 'ipv4');
linkLocal.addSubnet('fe80::', 10, 'ipv6');

interface Allowed {
  hosts: Set<string>;
  ranges: net.BlockList;
}

/** GATEWAY_LENS_PROBE_ALLOW: comma-separated hosts, host:port and CIDRs. */
export function parseAllowList(text: string): Allowed {
  const hosts = new Set<string>();
  const ranges = new net.BlockList();
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const cidr = /^(.+)\/(\d+)$/.exec(item);
    const family = cidr ? net.isIP(cidr[1]!) : 0;
    if (cidr && family) ranges.addSubnet(cidr[1]!, Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
    else hosts.add(item.toLowerCase());
  }
  return { hosts, ranges };
}

const refused = (target: string, rule: string) =>
  new GatewayLensError('probe_target_refused', `${target} was not probed: ${rule}`, { target, rule });

const inRange = (list: net.BlockList, ip: string) => list.check(ip, net.isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/**
 * Active probes reach only what the incident's own data names (its upstream servers and hosts) or what
 * the configuration allows. Link-local and cloud metadata addresses are refused even then, unless listed
 * explicitly; a name that resolves to one is refused too. Throws with the rule that refused the target.
 */
export async function checkProbeTarget(target: string, options: { known: ReadonlySet<string>; allow: string }): Promise<void> {
  let address;
  try {
    address = addressOf(target);
  } catch (error) {
    throw refused(target, (error as Error).message);
  }
  const allowed = parseAllowList(options.allow);
  const host = address.host.toLowerCase();
  const hostPort = `${net.isIP(host) === 6 ? `[${host}]` : host}:${address.port}`;
  const explicitly = allowed.hosts.has(host) || allowed.hosts.has(hostPort);
  const ips = net.isIP(host) ? [host] : await lookup(host, { all: true }).then((r) => r.map((a) => a.address), () => []);
  for (const ip of [host, ...ips]) {
    const special = METADATA.has(ip) ? 'a cloud metadata address' : net.isIP(ip) && inRange(linkLocal, ip) ? 'a link-local address' : null;
    if (special && !explicitly && !allowed.hosts.has(ip)) {
      throw refused(target, `${ip === host ? host : `${host} resolves to ${ip}, which`} is ${special}; list it in GATEWAY_LENS_PROBE_ALLOW to probe it`);
    }
  }
  const known = [...options.known].map((k) => k.toLowerCase());
  if (explicitly || known.includes(hostPort) || known.includes(host)) return;
  if (ips.some((ip) => inRange(allowed.ranges, ip))) return;
  throw refused(target, `${hostPort} appears nowhere in this incident's data and GATEWAY_LENS_PROBE_ALLOW does not allow it`);
}
