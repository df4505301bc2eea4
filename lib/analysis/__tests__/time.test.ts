import { describe, expect, it } from 'vitest';
import { parseInstant } from '../time';

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
