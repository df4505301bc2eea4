import { GatewayLensError } from '../../errors';
import type { ProbeKind, ProbeResult } from '../types';
import { checkProbeTarget } from './guard';
import { probeDns, probeHttp, probeTcp, probeTls } from './probers';

export const DEFAULT_TIMEOUT_MS = 3000;
export const MAX_TIMEOUT_MS = 10_000;
const PARALLEL = 8;

/** Caps the active probes of an incident per minute, so a watch or a busy button cannot flood a server. */
export class ProbeBudget {
  private readonly spent = new Map<string, number[]>();
  constructor(readonly perMinute = 60) {}

  take(incidentId: string, count: number, now = Date.now()): void {
    const recent = (this.spent.get(incidentId) ?? []).filter((t) => now - t < 60_000);
    if (recent.length + count > this.perMinute) {
      throw new GatewayLensError('rate_limited', `at most ${this.perMinute} active probes a minute per incident; ${recent.length} ran in the last minute`);
    }
    this.spent.set(incidentId, [...recent, ...Array.from({ length: count }, () => now)]);
  }
}

const probers: Record<ProbeKind, (target: string, timeoutMs: number) => Promise<ProbeResult>> = {
  tcp: probeTcp, http: probeHttp, dns: probeDns, tls: probeTls,
};

export interface ProbeRun {
  incidentId: string;
  targets: readonly string[];
  kind: ProbeKind;
  known: ReadonlySet<string>;
  allow: string;
  budget: ProbeBudget;
  timeoutMs?: number;
}

/** Guards every target first (one refused target refuses the run), then probes them, a few at a time. */
export async function runProbes(run: ProbeRun): Promise<ProbeResult[]> {
  for (const target of run.targets) await checkProbeTarget(target, { known: run.known, allow: run.allow });
  run.budget.take(run.incidentId, run.targets.length);
  const timeoutMs = Math.min(run.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const results: ProbeResult[] = new Array(run.targets.length);
  for (let i = 0; i < run.targets.length; i += PARALLEL) {
    const batch = run.targets.slice(i, i + PARALLEL);
    const done = await Promise.all(batch.map((target) => probers[run.kind](target, timeoutMs)));
    done.forEach((result, j) => (results[i + j] = result));
  }
  return results;
}

export const WATCH_LIMITS = { minEverySeconds: 2, maxMinutes: 30, maxTargets: 20 };

/**
 * Probes every `everySeconds` for `forMinutes`, both capped, and stops by itself (or when `signal`
 * aborts, or the budget runs out). Each round's results go to `onResults`.
 */
export async function runWatch(run: ProbeRun & { everySeconds: number; forMinutes: number; onResults: (r: ProbeResult[]) => Promise<void>; signal?: AbortSignal }): Promise<number> {
  if (run.targets.length > WATCH_LIMITS.maxTargets) throw new GatewayLensError('invalid_input', `a watch probes at most ${WATCH_LIMITS.maxTargets} targets`);
  const every = Math.max(WATCH_LIMITS.minEverySeconds, run.everySeconds) * 1000;
  const until = Date.now() + Math.min(WATCH_LIMITS.maxMinutes, run.forMinutes) * 60_000;
  let rounds = 0;
  while (Date.now() < until && !run.signal?.aborted) {
    try {
      await run.onResults(await runProbes(run));
    } catch (error) {
      if (error instanceof GatewayLensError && error.code === 'rate_limited') break;
      throw error;
    }
    rounds++;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  return rounds;
}
