import { parseInstant } from '../analysis/time';
import { invalidInput } from '../errors';
import type { TimeWindow } from './ingest-source';

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

/**
 * The time range to store, as the CLI (--from, --to) and an upload (from, to) give it: each an ISO 8601 time
 * with its zone or epoch ms, `to` after `from`; `names` are what the errors call them.
 */
export function parseWindow(from: string | undefined, to: string | undefined, names: { from: string; to: string }): TimeWindow {
  const window: TimeWindow = {
    ...(from !== undefined && { from: parseInstant(from, names.from) }),
    ...(to !== undefined && { to: parseInstant(to, names.to) }),
  };
  if (window.from !== undefined && window.to !== undefined && window.to <= window.from) {
    throw invalidInput(`${names.to} (${to}) must be after ${names.from} (${from})`);
  }
  return window;
}
