/**
 * The active prober and its guard (DESIGN.md section 9): probes reach only targets the incident's data
 * names or GATEWAY_LENS_PROBE_ALLOW permits, never metadata or link-local addresses unless listed, and
 * every probe is bounded in time (timeouts), in count (ProbeBudget, watch caps) and in parallelism.
 * Nothing here reads the environment: the caller passes the allow list and keeps one budget per process.
 */
export { ProbeBudget, type ProbeBudgetOptions } from './budget';
export type { ProbeOptions } from './clock';
export { probeDns, type DnsProbeOptions } from './dns';
export { checkProbeTarget, makeGuard, type GuardedTarget, type GuardOptions } from './guard';
export { probeHttp } from './http';
export { DEFAULT_TIMEOUT_MS, MAX_TARGETS, MAX_TIMEOUT_MS, MAX_WATCH_MINUTES, MIN_WATCH_EVERY_SECONDS } from './limits';
export { ProbeBudgetExceeded, ProbeTargetRefused, type RefusalRule } from './refusal';
export { runProbes, type RunProbesInput } from './run';
export { probeTcp } from './tcp';
export { probeTls, type TlsProbeOptions } from './tls';
export { runWatch, type WatchInput, type WatchSummary } from './watch';
