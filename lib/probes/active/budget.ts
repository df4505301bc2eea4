import { invalidInput } from '../../errors';
import { DEFAULT_PROBES_PER_MINUTE } from './limits';
import { ProbeBudgetExceeded } from './refusal';

const WINDOW_MS = 60_000;

export interface ProbeBudgetOptions {
  /** Probes per incident in any 60 s window; default 60. */
  perMinute?: number;
  /** The clock, for tests that step time instead of waiting a minute. */
  now?: () => number;
}

/**
 * Caps the active probes of each incident to `perMinute` in any sliding minute, so neither a watch nor
 * a busy button can turn Gateway Lens into a load generator against an upstream that is already failing.
 * One instance per process (the route handlers keep it on globalThis); a request takes all its probes
 * at once or none, so a run is never half-probed.
 */
export class ProbeBudget {
  readonly perMinute: number;
  private readonly now: () => number;
  /** Per incident: the times probes were taken, oldest first. */
  private readonly spent = new Map<string, number[]>();

  constructor(options: ProbeBudgetOptions = {}) {
    const perMinute = options.perMinute ?? DEFAULT_PROBES_PER_MINUTE;
    if (!Number.isInteger(perMinute) || perMinute < 1) throw invalidInput(`probe budget must be a positive whole number, got ${perMinute}`);
    this.perMinute = perMinute;
    this.now = options.now ?? Date.now;
  }

  private recent(incidentId: string, now: number): number[] {
    const times = (this.spent.get(incidentId) ?? []).filter((t) => now - t < WINDOW_MS);
    // Forget idle incidents so the map does not grow with every incident ever probed.
    if (times.length === 0) this.spent.delete(incidentId);
    else this.spent.set(incidentId, times);
    return times;
  }

  /** Probes this incident may still run in the current minute. */
  remaining(incidentId: string): number {
    return Math.max(0, this.perMinute - this.recent(incidentId, this.now()).length);
  }

  /** Takes `count` probes, or throws ProbeBudgetExceeded (code rate_limited) and takes none. */
  take(incidentId: string, count = 1): void {
    const now = this.now();
    const times = this.recent(incidentId, now);
    if (times.length + count > this.perMinute) {
      // The probes that must age out before `count` more fit.
      const mustExpire = times.length + count - this.perMinute;
      const oldest = times[mustExpire - 1];
      const retryAfterMs = count > this.perMinute || oldest === undefined ? WINDOW_MS : oldest + WINDOW_MS - now;
      throw new ProbeBudgetExceeded(
        `at most ${this.perMinute} active probes a minute per incident: ${times.length} ran in the last minute and ${count} more were asked for; ` +
          `retry in ${Math.ceil(retryAfterMs / 1000)} s`,
        retryAfterMs,
        { incidentId, perMinute: this.perMinute, used: times.length, asked: count },
      );
    }
    this.spent.set(incidentId, [...times, ...Array.from({ length: count }, () => now)]);
  }
}
