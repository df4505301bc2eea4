import { GatewayLensError, invalidInput } from '../../errors';
import type { ProbeResult } from '../types';
import { MAX_TARGETS, MAX_WATCH_EVERY_SECONDS, MAX_WATCH_MINUTES, MIN_WATCH_EVERY_SECONDS } from './limits';
import { ProbeBudgetExceeded } from './refusal';
import { runProbes, type RunProbesInput } from './run';

export interface WatchInput extends RunProbesInput {
  /** Seconds between the starts of two rounds; at least 2, at most 300. */
  everySeconds: number;
  /** How long the watch runs; more than 0, at most 30. */
  forMinutes: number;
  /** Each result as it comes, with its round (from 1). A rejected promise is awaited, then ignored. */
  onResult: (result: ProbeResult, round: number) => void | Promise<void>;
  /** Stops the watch: no new round starts, and the probes in flight end early. */
  signal?: AbortSignal;
}

export interface WatchSummary {
  rounds: number;
  results: number;
  /** 'time' when it ran its course, 'aborted' by the signal, 'budget' or 'refused' when a round could not run. */
  stoppedBy: 'time' | 'aborted' | 'budget' | 'refused';
  /** Why a round could not run, for 'budget' and 'refused'. */
  error: string | null;
}

/** Waits `ms`, or less when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The caps a watch lives within; checked here, not only in the route's schema, so no caller can lift them. */
function checkCaps(input: WatchInput): { everyMs: number; forMs: number; rounds: number } {
  const { everySeconds, forMinutes, targets } = input;
  if (!(everySeconds >= MIN_WATCH_EVERY_SECONDS && everySeconds <= MAX_WATCH_EVERY_SECONDS)) {
    throw invalidInput(`a watch probes every ${MIN_WATCH_EVERY_SECONDS} to ${MAX_WATCH_EVERY_SECONDS} seconds, got ${everySeconds}`);
  }
  if (!(forMinutes > 0 && forMinutes <= MAX_WATCH_MINUTES)) throw invalidInput(`a watch runs for at most ${MAX_WATCH_MINUTES} minutes, got ${forMinutes}`);
  if (targets.length < 1 || targets.length > MAX_TARGETS) throw invalidInput(`a watch probes 1 to ${MAX_TARGETS} targets, got ${targets.length}`);
  const everyMs = everySeconds * 1000;
  const forMs = forMinutes * 60_000;
  return { everyMs, forMs, rounds: Math.ceil(forMs / everyMs) };
}

/**
 * Probes the targets every `everySeconds` for `forMinutes`, then stops by itself. Each round is a full
 * runProbes (guarded again, since a name may resolve elsewhere later, and charged to the budget). A
 * watch whose steady rate exceeds the budget is refused before it starts; one that meets an exhausted
 * budget or a refusal later stops there and says so. Rounds never overlap: a slow round delays the next.
 */
export async function runWatch(input: WatchInput): Promise<WatchSummary> {
  const { everyMs, forMs, rounds: planned } = checkCaps(input);
  const perMinute = Math.min(planned, Math.ceil(60_000 / everyMs)) * input.targets.length;
  if (perMinute > input.budget.perMinute) {
    throw new ProbeBudgetExceeded(
      `this watch would run ${perMinute} probes in a minute and the budget allows ${input.budget.perMinute} per incident: ` +
        'watch fewer targets or probe less often',
      0,
      { perMinute, budget: input.budget.perMinute },
    );
  }
  const start = Date.now();
  const summary: WatchSummary = { rounds: 0, results: 0, stoppedBy: 'time', error: null };
  for (let round = 1; round <= planned; round++) {
    // Round n starts at start + (n-1)*every, or at once when the previous one ran late.
    await sleep(start + (round - 1) * everyMs - Date.now(), input.signal);
    if (input.signal?.aborted) return { ...summary, stoppedBy: 'aborted' };
    if (Date.now() - start >= forMs) break;
    let results: ProbeResult[];
    try {
      results = await runProbes(input);
    } catch (error) {
      if (!(error instanceof GatewayLensError)) throw error;
      const stoppedBy = error.code === 'rate_limited' ? 'budget' : error.code === 'probe_target_refused' ? 'refused' : null;
      if (!stoppedBy) throw error;
      return { ...summary, stoppedBy, error: error.message };
    }
    summary.rounds = round;
    if (input.signal?.aborted) return { ...summary, stoppedBy: 'aborted' };
    for (const result of results) {
      summary.results++;
      await Promise.resolve(input.onResult(result, round)).catch(() => undefined);
    }
  }
  return summary;
}
