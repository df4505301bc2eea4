const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

/**
 * Parses nginx's `$time_local` ("25/Nov/2026:00:36:09 +0000") into UTC epoch ms, honouring the offset.
 * Returns null when the text is not in that shape. Written by hand because it runs once per line.
 */
export function parseTimeLocal(text: string): number | null {
  // Lines of one second share their time: the last one read is kept (the same text is most often the next).
  if (text === lastTimeLocal.text) return lastTimeLocal.value;
  const value = readTimeLocal(text);
  if (value !== null) lastTimeLocal = { text, value };
  return value;
}

let lastTimeLocal = { text: '', value: 0 };

function readTimeLocal(text: string): number | null {
  if (text.length !== 26 || text[2] !== '/' || text[6] !== '/' || text[11] !== ':' || text[20] !== ' ') return null;
  const month = MONTHS[text.slice(3, 6)];
  const day = digits(text, 0, 2);
  const year = digits(text, 7, 4);
  const hour = digits(text, 12, 2);
  const minute = digits(text, 15, 2);
  const second = digits(text, 18, 2);
  const sign = text[21] === '-' ? -1 : text[21] === '+' ? 1 : 0;
  const offsetHours = digits(text, 22, 2);
  const offsetMinutes = digits(text, 24, 2);
  if (month === undefined || sign === 0 || [day, year, hour, minute, second, offsetHours, offsetMinutes].includes(-1)) {
    return null;
  }
  const local = Date.UTC(year, month, day, hour, minute, second);
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** Only ASCII digits, at least one: a hand-written /^\d+$/, for fields read on every line. */
export function isDigits(text: string): boolean {
  return text.length > 0 && digits(text, 0, text.length) !== -1;
}

/** The integer written in `length` ASCII digits at `start`, or -1 when any of them is not a digit. */
export function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let i = start; i < start + length; i++) {
    const code = text.charCodeAt(i) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * Parses nginx's `$time_iso8601` ("2026-11-27T06:00:41+05:30") into UTC epoch ms. Also takes "Z", an
 * offset without a colon and fractional seconds, which JSON logs built by other tools often carry.
 */
export function parseTimeIso8601(text: string): number | null {
  if (text.length < 20 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':') return null;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if ([year, month, day, hour, minute, second].includes(-1)) return null;
  let at = 19;
  let millis = 0;
  if (text[at] === '.') {
    let end = at + 1;
    while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
    millis = Math.round(Number('0' + text.slice(at, end)) * 1000);
    at = end;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second) + millis;
  if (text[at] === 'Z' && at + 1 === text.length) return local;
  const sign = text[at] === '-' ? -1 : text[at] === '+' ? 1 : 0;
  const rest = text.slice(at + 1).replace(':', '');
  if (sign === 0 || rest.length !== 4) return null;
  const offsetHours = digits(rest, 0, 2);
  const offsetMinutes = digits(rest, 2, 2);
  if (offsetHours === -1 || offsetMinutes === -1) return null;
  return local - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** nginx's `$msec` ("1795739454.884", epoch seconds with milliseconds) to epoch ms. */
export function parseMsec(text: string): number | null {
  if (text === '' || !/^\d{9,11}(\.\d{1,6})?$/.test(text)) return null;
  return Math.round(Number(text) * 1000);
}
