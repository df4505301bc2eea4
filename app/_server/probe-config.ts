import 'server-only';

/**
 * What active probes may reach beyond the incident's own servers: GATEWAY_LENS_PROBE_ALLOW, a
 * comma-separated list of hosts, host:port and CIDRs. Read here, in app/, so lib/ stays free of the
 * process environment.
 */
export const probeAllowList = () => process.env.GATEWAY_LENS_PROBE_ALLOW ?? '';
