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
