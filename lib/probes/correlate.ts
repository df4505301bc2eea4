import type { ServerBucket } from '../store/types';
import type { StoredProbe } from '../store/probe-rows';

/** What the probes said about a server while the gateway saw it fail, or while it did not. */
export type Agreement = 'agree' | 'disagree' | 'no_probes';

export interface ProbeWindow {
  server: string;
  /** UTC epoch ms, [from, to). */
  from: number;
  to: number;
  /** The gateway's view: most tries failed in these buckets. */
  gatewayFailing: boolean;
  /** The probes' view in the window: any down, all up, or none ran. */
  probes: 'down' | 'up' | 'none';
  agreement: Agreement;
  /** The failed tries' most common cause, and the first failing probe's words, for the finding's sentence. */
  cause: string | null;
  probeError: string | null;
  attempts: number;
  failed: number;
}

/** A bucket counts as failing when at least this share of its tries failed. */
const FAILING_SHARE = 0.5;

/**
 * Lines up each server's failing stretches with the probe results of that server. Where the logs say
 * the server failed and a probe failed too, they agree (a TCP probe refused while the gateway saw
 * refusals is the strongest case). Where the gateway failed but probes from elsewhere succeeded, they
 * disagree: a hint to the network path or the gateway's own view of the upstream.
 */
export function correlateProbes(buckets: readonly ServerBucket[], probes: readonly StoredProbe[], bucketMs: number): ProbeWindow[] {
  const byServer = new Map<string, StoredProbe[]>();
  for (const probe of probes) if (probe.server) byServer.set(probe.server, [...(byServer.get(probe.server) ?? []), probe]);
  const windows: ProbeWindow[] = [];
  for (const bucket of buckets) {
    // A pool's requests that reached no server have no probes of their own.
    if (bucket.server === null || bucket.n === 0 || bucket.failed / bucket.n < FAILING_SHARE) continue;
    // A probe runs every few seconds: look a bucket either side of the failing one.
    const near = (byServer.get(bucket.server) ?? []).filter((p) => p.time >= bucket.t - bucketMs && p.time < bucket.t + 2 * bucketMs);
    const down = near.find((p) => !p.ok);
    const probesSaw: ProbeWindow['probes'] = near.length === 0 ? 'none' : down ? 'down' : 'up';
    const agreement: Agreement = probesSaw === 'none' ? 'no_probes' : probesSaw === 'down' ? 'agree' : 'disagree';
    const last = windows.at(-1);
    if (last && last.server === bucket.server && last.to === bucket.t && last.agreement === agreement) {
      last.to = bucket.t + bucketMs;
      last.attempts += bucket.n;
      last.failed += bucket.failed;
      last.probeError ??= down?.error ?? null;
      continue;
    }
    windows.push({
      server: bucket.server, from: bucket.t, to: bucket.t + bucketMs, gatewayFailing: true, probes: probesSaw, agreement,
      cause: bucket.cause, probeError: down?.error ?? null, attempts: bucket.n, failed: bucket.failed,
    });
  }
  return windows;
}
