import 'server-only';
import { ProbeBudget } from '@/lib/probes/active';

/**
 * What active probes may reach beyond the incident's own servers: GATEWAY_LENS_PROBE_ALLOW, a
 * comma-separated list of hosts, host:port and CIDRs. Read here, in app/, so lib/ stays free of the
 * process environment.
 */
export const probeAllowList = () => process.env.GATEWAY_LENS_PROBE_ALLOW ?? '';

const holder = globalThis as typeof globalThis & { gatewayLensProbeBudget?: ProbeBudget };

/** One budget per server process: at most 60 active probes a minute per incident. */
export const probeBudget = () => (holder.gatewayLensProbeBudget ??= new ProbeBudget({ perMinute: 60 }));
