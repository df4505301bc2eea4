import { describe, expect, it } from 'vitest';
import { timeTicks } from '../time-ticks';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe('timeTicks', () => {
  it('ticks an 83-minute incident every 15 minutes on the quarter hours, not at each of its 1,000 buckets', () => {
    const ticks = timeTicks(at('2026-11-25T00:00:00Z'), at('2026-11-25T01:23:15Z'));
    expect(ticks.map(iso)).toEqual(['00:00:00', '00:15:00', '00:30:00', '00:45:00', '01:00:00', '01:15:00']);
  });

  it('aligns on the shown zone: the hours of UTC+5:30 fall on its own whole hours, not on :30', () => {
    const offset = 330 * 60_000;
    const ticks = timeTicks(at('2026-11-25T00:07:00Z'), at('2026-11-25T06:07:00Z'), offset);
    expect(ticks.map((t) => iso(t + offset))).toEqual(['06:00:00', '07:00:00', '08:00:00', '09:00:00', '10:00:00', '11:00:00']);
  });

  it('keeps to seconds for a burst and to days for a week, never more than asked', () => {
    expect(timeTicks(at('2026-11-25T00:36:58Z'), at('2026-11-25T00:37:04Z')).map(iso)).toEqual(['00:36:58', '00:36:59', '00:37:00', '00:37:01', '00:37:02', '00:37:03', '00:37:04']);
    const week = timeTicks(at('2026-11-20T10:00:00Z'), at('2026-11-27T10:00:00Z'));
    expect(week.length).toBeLessThanOrEqual(8);
    expect(week.every((t) => t % 86_400_000 === 0)).toBe(true);
  });

  it('gives the one point of a chart with a single bucket', () => {
    expect(timeTicks(5000, 5000)).toEqual([5000]);
  });
});
