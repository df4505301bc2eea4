import { invalidInput } from '../errors';

/** UTC epoch ms to ISO 8601 UTC, the analysis object's time format. */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * An instant as the CLI and the API take it: ISO 8601 with a zone (2026-11-25T00:36:09Z, +05:30) or UTC
 * epoch milliseconds. A time without a zone is refused: which zone the engineer meant cannot be guessed.
 */
export function parseInstant(text: string, what: string): number {
  const trimmed = text.trim();
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed);
  const ms = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (Number.isNaN(ms)) {
    throw invalidInput(`${what} "${text}" is not a time: give ISO 8601 with its zone, such as 2026-11-25T00:36:09Z, or UTC epoch milliseconds`);
  }
  return ms;
}
