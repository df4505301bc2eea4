import type { ProbeKind, ProbeResult } from '../types';

/** The start time, a stopwatch and the one deadline of a probe: the timer and the abort signal both end it. */
export interface ProbeClock {
  /** Start, UTC epoch ms: the result's `time`. */
  readonly time: number;
  /** Milliseconds since start, to 0.1 ms (loopback answers in well under 1 ms). */
  elapsed(): number;
  /** Clears the timer and the abort listener; call when the probe settles. */
  stop(): void;
}

/** Start time and a stopwatch, for probes whose deadline is kept elsewhere. */
export function stopwatch(): { time: number; elapsed(): number } {
  const time = Date.now();
  const t0 = performance.now();
  return { time, elapsed: () => Math.round((performance.now() - t0) * 10) / 10 };
}

export function startClock(timeoutMs: number, signal: AbortSignal | undefined, onEnd: (reason: string) => void): ProbeClock {
  const { time, elapsed } = stopwatch();
  const timer = setTimeout(() => onEnd(`timed out after ${timeoutMs} ms`), timeoutMs);
  const onAbort = () => onEnd('probe aborted');
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) queueMicrotask(onAbort);
  return {
    time,
    elapsed,
    stop() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Runs one probe to its single end. `open` starts the connection and calls `end` when it succeeds or fails;
 * the deadline and the abort signal end it too (as `onDeadline` words it). Whatever ends it first stops the
 * clock and destroys what `open` returned; `base` gives the fields gathered so far (status, TLS details ...).
 */
export function runProbe(
  kind: ProbeKind,
  target: string,
  options: { timeoutMs: number; signal?: AbortSignal },
  open: (end: (fields: Partial<ProbeResult>) => void, clock: ProbeClock) => { destroy(): unknown },
  onDeadline: (reason: string) => Partial<ProbeResult> = (reason) => ({ error: reason }),
  base: () => Partial<ProbeResult> = () => ({}),
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let settled = false;
    let handle: { destroy(): unknown } | null = null;
    const end = (fields: Partial<ProbeResult>) => {
      if (settled) return;
      settled = true;
      clock.stop();
      handle?.destroy();
      resolve(activeResult(kind, target, clock.time, { latencyMs: clock.elapsed(), ...base(), ...fields }));
    };
    const clock = startClock(options.timeoutMs, options.signal, (reason) => end(onDeadline(reason)));
    handle = open(end, clock);
  });
}

/** An active result with the fields a kind does not set left null. */
export function activeResult(kind: ProbeKind, target: string, time: number, fields: Partial<ProbeResult>): ProbeResult {
  return { time, target, kind, ok: false, status: null, latencyMs: null, error: null, origin: 'active', ...fields };
}

/** Options every prober takes. */
export interface ProbeOptions {
  /** Default 3000, at most 10000. */
  timeoutMs?: number;
  /**
   * Addresses the guard resolved the host to. When given, the connection goes to them and to nothing
   * else, so a name cannot resolve to one address for the guard and another for the probe (DNS rebinding).
   */
  addresses?: readonly string[];
  /** Why the guard could not resolve the host; the probe reports it instead of connecting. */
  lookupError?: string | null;
  signal?: AbortSignal;
}
