import type { StoredProbe } from '../store/probe-rows';

/** One probed server whose probes failed in the selection. */
export interface FailingProbes {
  server: string;
  failed: number;
  total: number;
  /** UTC epoch ms of the first and last failed probe. */
  from: number;
  to: number;
  /** The most common failure, in the prober's words. */
  error: string | null;
}

/** What the probes alone say about the servers' status, whether or not traffic reached them. */
export interface ProbeStatus {
  failing: FailingProbes[];
  /** Servers whose every probe succeeded. */
  healthy: string[];
  results: number;
}

/**
 * Groups probe results per server: those with failed probes (with when and why) and those always up. A pool
 * that no traffic reached, or a server the gateway took out of rotation, still shows here.
 */
export function probeStatus(probes: readonly StoredProbe[]): ProbeStatus {
  const byServer = new Map<string, StoredProbe[]>();
  for (const p of probes) {
    const key = p.server ?? p.target;
    const own = byServer.get(key) ?? [];
    own.push(p);
    byServer.set(key, own);
  }
  const failing: FailingProbes[] = [];
  const healthy: string[] = [];
  for (const [server, own] of byServer) {
    const failed = own.filter((p) => !p.ok);
    if (failed.length === 0) {
      healthy.push(server);
      continue;
    }
    failing.push({
      server, failed: failed.length, total: own.length,
      from: Math.min(...failed.map((p) => p.time)), to: Math.max(...failed.map((p) => p.time)),
      error: mostCommon(failed.map((p) => p.error ?? (p.status !== null ? `HTTP ${p.status}` : null))),
    });
  }
  failing.sort((a, b) => b.failed - a.failed || a.server.localeCompare(b.server));
  return { failing, healthy: healthy.sort(), results: probes.length };
}

function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
