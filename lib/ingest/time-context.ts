import { invalidInput } from '../errors';

/**
 * Reads a zone as the user gives it: "UTC", "Z", "+02:00", "-0530", or minutes east of UTC ("120").
 * Returns minutes east of UTC.
 */
export function parseUtcOffset(text: string, what = 'tz'): number {
  const value = text.trim();
  if (/^(utc|z|gmt)$/i.test(value)) return 0;
  if (/^[+-]?\d{1,4}$/.test(value) && !/^[+-]\d{4}$/.test(value)) return Number(value);
  const match = /^([+-])(\d\d):?(\d\d)$/.exec(value);
  if (!match) throw invalidInput(`${what} "${text}" is not a UTC offset: use UTC, +02:00, -0530 or minutes east of UTC`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  if (minutes > 14 * 60) throw invalidInput(`${what} "${text}" is beyond ±14:00`);
  return match[1] === '-' ? -minutes : minutes;
}

export function parseYear(text: string, what = 'year'): number {
  const year = Number(text);
  if (!Number.isInteger(year) || year < 1970 || year > 2100) throw invalidInput(`${what} "${text}" is not a year between 1970 and 2100`);
  return year;
}
