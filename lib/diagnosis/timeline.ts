/**
 * The failing stretches in the order they happened, for the report's timeline: the diagnosis ranks them by
 * failed attempts, a postmortem reads them by time. Times are ISO 8601 UTC, which sort as text.
 */
export const timeline = <T extends { from: string; to: string }>(episodes: readonly T[]): T[] =>
  [...episodes].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
