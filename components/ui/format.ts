export const formatCount = (n: number) => n.toLocaleString('en-US');

export const formatRate = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

export type Zone = 'utc' | 'local';

/** The browser's zone as an offset label ("UTC+01:00"), so local times always carry their zone. */
export function localZoneLabel(at: number): string {
  const minutes = -new Date(at).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function parts(ms: number, zone: Zone) {
  const d = new Date(ms);
  if (zone === 'utc') return { iso: d.toISOString(), label: 'UTC' };
  const shifted = new Date(ms - d.getTimezoneOffset() * 60_000);
  return { iso: shifted.toISOString(), label: localZoneLabel(ms) };
}

/** A time with its zone, always: "2026-11-25 00:36:18 UTC". */
export function formatTime(ms: number | string | null | undefined, zone: Zone = 'utc', withDate = true): string {
  if (ms === null || ms === undefined) return '–';
  const at = typeof ms === 'string' ? Date.parse(ms) : ms;
  const { iso, label } = parts(at, zone);
  return `${withDate ? iso.slice(0, 10) + ' ' : ''}${iso.slice(11, 19)} ${label}`;
}

/**
 * A log line's time with its zone, to the millisecond when the line has one ("00:36:18.958 UTC"): lines of a
 * log written to the second (nginx's $time_local) read as they were written, without a made-up ".000".
 */
export function formatLineTime(time: number | string, zone: Zone): string {
  const ms = typeof time === 'string' ? Date.parse(time) : time;
  if (ms % 1000 === 0) return formatTime(ms, zone);
  const { iso, label } = parts(ms, zone);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} ${label}`;
}

/** A chart tick: the time of day only, in the zone the axis states. */
export function formatTick(ms: number, zone: Zone, spanMs: number): string {
  const { iso } = parts(ms, zone);
  return spanMs > 2 * 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 19);
}

/** Kept for the places that only ever show UTC. */
export const formatUtc = (ms: number | string | null | undefined, withDate = true) => formatTime(ms, 'utc', withDate);

export const formatMs = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

export const causeLabel = (cause: string) => cause.replaceAll('_', ' ');

/** The text of a `datetime-local` input for an instant, in the given zone. */
export function toZonedInput(ms: number | null, zone: Zone): string {
  if (ms === null) return '';
  const shifted = zone === 'utc' ? ms : ms - new Date(ms).getTimezoneOffset() * 60_000;
  return new Date(shifted).toISOString().slice(0, 19);
}

/** A `datetime-local` input's text read in the given zone; null when empty or not a time. */
export function fromZonedInput(text: string, zone: Zone): number | null {
  if (!text) return null;
  const value = text.length === 16 ? `${text}:00` : text;
  const ms = zone === 'utc' ? Date.parse(`${value}Z`) : new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}
