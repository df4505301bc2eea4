const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Steps a time axis ticks at: round seconds, minutes, hours and days. */
const STEPS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY,
];

/**
 * At most `most` ticks from `from` to `to` (epoch ms) at the smallest round step that allows it, aligned in the
 * zone the chart shows (`offsetMs`: its offset from UTC), so they read 00:15, 00:30. Left to itself, Recharts
 * puts a tick on every point of a time axis and measures each label in the page to drop those that would
 * overlap: 1,000 labels, a forced layout each, 0.3 s of a 10M-request incident's page load.
 */
export function timeTicks(from: number, to: number, offsetMs = 0, most = 8): number[] {
  if (!(to > from)) return [from];
  const step = STEPS.find((s) => (to - from) / s <= most) ?? Math.ceil((to - from) / most / DAY) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offsetMs) / step) * step - offsetMs; t <= to; t += step) ticks.push(t);
  return ticks;
}
