import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkProbeTarget, type GuardOptions } from '../guard';
import { ProbeTargetRefused } from '../refusal';
import { closeAll, startDns } from './servers';

// The guard only resolves names (through a DNS server on 127.0.0.1 here) and never connects, so the
// refused addresses below are never sent a packet.
let dns: string;
beforeAll(async () => {
  dns = await startDns({
    'api.upstream.test': { A: ['10.0.3.7'] },
    'rebind.upstream.test': { A: ['169.254.169.254'] },
    'neighbour.upstream.test': { AAAA: ['fe80::1'] },
  });
});
afterAll(closeAll);

const known = new Set(['10.0.3.7:8080', 'shop.example.test', 'http://10.0.4.2:9000/health', 'unix:/run/app.sock', '169.254.169.254:80', '[fe80::1]:80']);
const opts = (over: Partial<GuardOptions> = {}): GuardOptions => ({ known, allow: '', dnsServers: [dns], ...over });

async function refusal(target: string, options: GuardOptions): Promise<ProbeTargetRefused> {
  const error: unknown = await checkProbeTarget(target, options).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ProbeTargetRefused)) throw new Error(`expected ${target} to be refused, got ${String(error)}`);
  return error;
}

describe('checkProbeTarget', () => {
  it('lets through what the incident names: host:port, a URL of it, a known Host on any port', async () => {
    expect(await checkProbeTarget('10.0.3.7:8080', opts())).toMatchObject({ addresses: ['10.0.3.7'], lookupError: null, endpoint: { host: '10.0.3.7', port: 8080 } });
    expect(await checkProbeTarget('http://10.0.3.7:8080/health', opts({ kind: 'http' }))).toMatchObject({ addresses: ['10.0.3.7'] });
    expect(await checkProbeTarget('10.0.4.2:9000', opts({ kind: 'tcp' }))).toMatchObject({ addresses: ['10.0.4.2'] });
    // A name the data names but DNS does not know is let through; the probe reports the failed lookup.
    expect(await checkProbeTarget('https://shop.example.test/', opts({ kind: 'http' }))).toMatchObject({ addresses: [], lookupError: 'ENOTFOUND' });
  });

  it('refuses a target outside the incident, or another port of a known server, saying which rule', async () => {
    const outside = await refusal('10.9.9.9:80', opts());
    expect(outside).toMatchObject({ code: 'probe_target_refused', probeCode: 'probe_target_refused', rule: 'outside_incident' });
    expect(outside.message).toBe("10.9.9.9:80 appears nowhere in this incident's data and is not allowed by GATEWAY_LENS_PROBE_ALLOW; add it there to probe it");
    expect((await refusal('10.0.3.7:22', opts())).rule).toBe('outside_incident');
    expect((await refusal('evil.example:443', opts())).rule).toBe('outside_incident');
  });

  it('refuses metadata and link-local addresses even when the incident names them', async () => {
    const metadata = await refusal('169.254.169.254:80', opts());
    expect(metadata.rule).toBe('cloud_metadata');
    expect(metadata.message).toBe('169.254.169.254 is a cloud metadata address; list it in GATEWAY_LENS_PROBE_ALLOW to probe it');
    const v6 = await refusal('[fe80::1]:80', opts());
    expect(v6).toMatchObject({ rule: 'link_local', message: 'fe80::1 is a link-local address (fe80::/10); list it in GATEWAY_LENS_PROBE_ALLOW to probe it' });
    expect((await refusal('169.254.10.20:8080', opts({ allow: '169.254.10.20:9999' }))).rule).toBe('link_local');
    expect((await refusal('[fd00:ec2::254]:80', opts())).rule).toBe('cloud_metadata');
    expect((await refusal('100.100.100.200:80', opts())).rule).toBe('cloud_metadata');
    // The same address written as IPv4-mapped IPv6 is the same address.
    expect((await refusal('[::ffff:169.254.169.254]:80', opts())).rule).toBe('cloud_metadata');
    expect((await refusal('http://metadata.google.internal/computeMetadata/v1/', opts({ known: ['metadata.google.internal'] }))).rule).toBe('cloud_metadata');
  });

  it('refuses a name that resolves to a metadata or link-local address (DNS rebinding)', async () => {
    const rebind = await refusal('rebind.upstream.test:80', opts({ known: ['rebind.upstream.test:80'] }));
    expect(rebind).toMatchObject({ rule: 'cloud_metadata' });
    expect(rebind.message).toBe(
      'rebind.upstream.test resolves to 169.254.169.254, a cloud metadata address; list it in GATEWAY_LENS_PROBE_ALLOW to probe it',
    );
    expect((await refusal('neighbour.upstream.test:80', opts({ known: ['neighbour.upstream.test'] }))).rule).toBe('link_local');
  });

  it('probes metadata and link-local only when listed explicitly, never through a broad CIDR', async () => {
    expect(await checkProbeTarget('169.254.169.254:80', opts({ allow: '169.254.169.254' }))).toMatchObject({ addresses: ['169.254.169.254'] });
    expect(await checkProbeTarget('rebind.upstream.test:80', opts({ allow: 'rebind.upstream.test:80' }))).toMatchObject({ addresses: ['169.254.169.254'] });
    expect(await checkProbeTarget('[fe80::1]:80', opts({ allow: 'fe80::/64' }))).toMatchObject({ addresses: ['fe80::1'] });
    expect((await refusal('169.254.169.254:80', opts({ allow: '0.0.0.0/0, 169.254.0.0/16' }))).rule).toBe('cloud_metadata');
  });

  it('lets an allowed CIDR admit addresses, and an allowed host or host:port admit names', async () => {
    expect(await checkProbeTarget('192.168.7.9:443', opts({ allow: '10.0.0.0/8, 192.168.0.0/16' }))).toMatchObject({ addresses: ['192.168.7.9'] });
    expect(await checkProbeTarget('[fd00:1::5]:80', opts({ allow: 'fd00::/8' }))).toMatchObject({ addresses: ['fd00:1::5'] });
    expect(await checkProbeTarget('api.upstream.test:8443', opts({ allow: 'api.upstream.test' }))).toMatchObject({ addresses: ['10.0.3.7'] });
    expect((await refusal('api.upstream.test:22', opts({ allow: 'api.upstream.test:8443' }))).rule).toBe('outside_incident');
    // A CIDR does not admit a name, even one resolving inside it: names must be named.
    expect((await refusal('api.upstream.test:80', opts({ allow: '10.0.0.0/8' }))).rule).toBe('outside_incident');
  });

  it('a dns target needs only to be named; nothing connects to it', async () => {
    expect(await checkProbeTarget('shop.example.test', opts({ kind: 'dns' }))).toMatchObject({ addresses: [] });
    expect((await refusal('elsewhere.example', opts({ kind: 'dns' }))).rule).toBe('outside_incident');
  });

  it('reports a malformed allow entry or target as invalid input', async () => {
    await expect(checkProbeTarget('10.0.3.7:8080', opts({ allow: '10.0.0.0/33' }))).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(checkProbeTarget('not a target', opts())).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(checkProbeTarget('10.0.3.7', opts({ kind: 'tcp' }))).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
