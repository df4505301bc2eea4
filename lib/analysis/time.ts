import { z } from 'zod';
import { invalidInput } from '../errors';

/** UTC epoch ms to ISO 8601 UTC, the analysis object's time format. */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const INSTANT_TAKES = 'must be UTC epoch milliseconds or an ISO 8601 time with its zone, such as 2026-11-25T00:36:09Z';

/** An instant as the API and the CLI take it: UTC epoch ms, or ISO 8601 with its zone (a time without one is ambiguous). */
export const Instant = z.union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))], { error: INSTANT_TAKES });

/** An instant given on the command line, or an error naming the flag. */
export function parseInstant(text: string, what: string): number {
  const parsed = Instant.safeParse(text.trim());
  // An empty flag would read as epoch 0 (Number('') is 0): refused like any other non-time.
  if (!parsed.success || !text.trim()) throw invalidInput(`${what} "${text}" is not a time: it ${INSTANT_TAKES}`);
  return parsed.data;
}

/**
 * "from 00:34:57 to 00:35:20 UTC", or with the dates when the two fall on different days or `dated` says the
 * view spans several: a clock time alone would not say which day a week-long log's failure was on.
 */
export function utcRange(from: number, to: number, dated = false): string {
  const [a, b] = [new Date(from).toISOString(), new Date(to).toISOString()];
  const withDate = dated || a.slice(0, 10) !== b.slice(0, 10);
  const shown = (iso: string) => (withDate ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : iso.slice(11, 19));
  return `from ${shown(a)} to ${shown(b)} UTC`;
}

/** Whether two instants fall on different UTC days. */
export const differentDays = (a: number, b: number) => Math.floor(a / 86_400_000) !== Math.floor(b / 86_400_000);
