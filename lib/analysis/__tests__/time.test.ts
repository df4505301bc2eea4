import { describe, expect, it } from 'vitest';
import { parseInstant, utcRange } from '../time';

describe('parseInstant', () => {
  it('reads epoch milliseconds and ISO 8601 times with their zone', () => {
    expect(parseInstant('1795566978000', '--from')).toBe(1795566978000);
    expect(parseInstant('2026-11-25T00:36:18Z', '--from')).toBe(Date.UTC(2026, 10, 25, 0, 36, 18));
    expect(parseInstant('2026-11-25T06:06:18+05:30', '--from')).toBe(Date.UTC(2026, 10, 25, 0, 36, 18));
    expect(parseInstant('2026-11-25T00:36:18.250Z', '--to')).toBe(Date.UTC(2026, 10, 25, 0, 36, 18, 250));
  });

  it('refuses a time without a zone, or no time at all, saying what it takes', () => {
    for (const text of ['2026-11-25T00:36:18', '2026-11-25', 'yesterday', '']) {
      expect(() => parseInstant(text, '--from')).toThrow(/^--from ".*" is not a time: it must be UTC epoch milliseconds or an ISO 8601 time with its zone, such as 2026-11-25T00:36:09Z$/);
    }
  });
});

describe('utcRange', () => {
  const at = (iso: string) => Date.parse(iso);
  it('says clock times alone within one day', () => {
    expect(utcRange(at('2026-11-25T00:34:57Z'), at('2026-11-25T00:35:20Z'))).toBe('from 00:34:57 to 00:35:20 UTC');
  });
  it('says the dates when the two fall on different days, across midnight or days apart', () => {
    expect(utcRange(at('2026-11-25T23:58:10Z'), at('2026-11-26T00:03:05Z'))).toBe('from 2026-11-25 23:58:10 to 2026-11-26 00:03:05 UTC');
    expect(utcRange(at('2016-04-11T00:00:00Z'), at('2016-04-14T00:00:00Z'))).toBe('from 2016-04-11 00:00:00 to 2016-04-14 00:00:00 UTC');
  });
  it('says the dates of a same-day range when the view spans several days', () => {
    expect(utcRange(at('2026-11-25T10:00:00Z'), at('2026-11-25T10:05:00Z'), true)).toBe('from 2026-11-25 10:00:00 to 2026-11-25 10:05:00 UTC');
  });
});
