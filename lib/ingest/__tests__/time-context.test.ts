import { describe, expect, it } from 'vitest';
import { parseUtcOffset, parseYear } from '../time-context';

describe('zone and year given by the user', () => {
  it('reads UTC offsets in the shapes people write them', () => {
    expect(parseUtcOffset('UTC')).toBe(0);
    expect(parseUtcOffset('+02:00')).toBe(120);
    expect(parseUtcOffset('-0530')).toBe(-330);
    expect(parseUtcOffset('330')).toBe(330);
  });

  it('refuses what is not an offset, naming the option', () => {
    expect(() => parseUtcOffset('Europe/Paris', '--tz')).toThrow('--tz "Europe/Paris" is not a UTC offset');
    expect(() => parseUtcOffset('+15:00')).toThrow('beyond ±14:00');
  });

  it('reads a year', () => {
    expect(parseYear('2026')).toBe(2026);
    expect(() => parseYear('26')).toThrow('is not a year');
  });
});
