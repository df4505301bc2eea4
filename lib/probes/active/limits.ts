import { invalidInput } from '../../errors';

/**
 * The bounds every active probe lives within (DESIGN.md section 9: "every probe is bounded in count and
 * time"). They are constants, not settings, so no request can lift them; callers may only go lower.
 */
export const DEFAULT_TIMEOUT_MS = 3_000;
export const MAX_TIMEOUT_MS = 10_000;
/** Targets in one request or one watch. */
export const MAX_TARGETS = 20;
/** Probes in flight at once for one request: enough to be quick, few enough not to look like a scan. */
export const MAX_PARALLEL = 8;
export const MIN_WATCH_EVERY_SECONDS = 2;
export const MAX_WATCH_EVERY_SECONDS = 300;
export const MAX_WATCH_MINUTES = 30;
export const DEFAULT_PROBES_PER_MINUTE = 60;
/** An HTTP probe reads at most this much body: it checks the upstream answers, it does not download. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The timeout to use: the default when none is given; a value out of range is refused, not clamped, so a typo is seen. */
export function probeTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw invalidInput(`probe timeout must be between 1 and ${MAX_TIMEOUT_MS} ms, got ${timeoutMs}`, { timeoutMs });
  }
  return Math.round(timeoutMs);
}
