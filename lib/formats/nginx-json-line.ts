import { topLevelStrings } from './json-top-level';
import { readTime } from './nginx-record';
import type { Slot, SlotValues } from './nginx-variables';

/**
 * One JSON access line (`escape=json` log formats) read into slots. nginx writes every variable as the
 * string the template quotes it in ("" when it never existed), or as a bare number when the template
 * leaves it unquoted (`"status":$status`).
 */
export function readJsonObject(line: string): Record<string, unknown> | string {
  const start = line.indexOf('{');
  if (start < 0 || line.slice(0, start).trim() !== '') return 'not a JSON object';
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    try {
      parsed = JSON.parse(repairJson(line));
    } catch {
      return 'not valid JSON';
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'not a JSON object';
  return parsed as Record<string, unknown>;
}

/**
 * What real nginx writes that JSON.parse refuses: a JSON-looking template without escape=json gets the
 * default escaping (\x22), and an unquoted `"status":$status` is `009` for an HTTP/0.9 answer (a number
 * with a leading zero). Both are read as nginx meant them; the 009 stays a string, as written.
 */
function repairJson(line: string): string {
  return line.replace(/\\x([0-9A-Fa-f]{2})/g, '\\u00$1').replace(/:(0\d+)(?=\s*[,}])/g, ':"$1"');
}

/** Keys are matched with any leading "$" removed: "$msec" and "msec" name the same variable. */
export const normalizeKey = (key: string): string => (key.charCodeAt(0) === 36 ? key.slice(1) : key);

export function fillSlots(object: Record<string, unknown>, slotOfKey: (key: string) => Slot | null, values: SlotValues): number {
  let filled = 0;
  for (const key in object) {
    const slot = slotOfKey(normalizeKey(key));
    if (slot === null) continue;
    const value = object[key];
    if (typeof value === 'string') values[slot] = value;
    else if (typeof value === 'number') values[slot] = String(value);
    else continue;
    filled++;
  }
  return filled;
}

/**
 * From an escape=json template, which key holds which variable: `"addr":"$upstream_addr"` maps "addr" to
 * $upstream_addr. Only values that are exactly one variable count; keys built from variables (a literal
 * "$" comes from a variable in nginx, e.g. `"${dollar}msec"`) keep their literal text.
 */
export function jsonKeysOfTemplate(template: string): Map<string, string> {
  const keys = new Map<string, string>();
  const pattern = /"((?:[^"\\]|\\.)*)"\s*:\s*("?)\$(?:\{(\w+)\}|(\w+))\2\s*(?=[,}])/g;
  for (const match of template.matchAll(pattern)) {
    const key = (match[1] ?? '').replace(/\$\{\w+\}|\$\w+/g, '');
    const variable = match[3] ?? match[4];
    if (variable !== undefined) keys.set(normalizeKey(key), variable);
  }
  return keys;
}

/**
 * The time of an escape=json line alone (LogFormat.timeOf), as a whole parse reads it: `timeKeys` says which
 * key holds which time variable ($time_local, $time_iso8601, $msec). A key is also looked for with a leading
 * "$", as fillSlots matches it. Null when the line has none of them, or the scan cannot tell (the line is read
 * whole then).
 */
export function jsonTimeReader(timeKeys: readonly (readonly [key: string, slot: Slot])[]): (line: string) => number | null {
  const spellings = timeKeys.flatMap(([key, slot]) => [[key, slot], [`$${key}`, slot]] as const);
  const keys = spellings.map(([key]) => key);
  return (line) => {
    const texts = topLevelStrings(line, keys);
    if (texts === null) return null;
    const values: SlotValues = [];
    spellings.forEach(([, slot], i) => {
      if (texts[i] !== undefined) values[slot] = texts[i];
    });
    const time = readTime(values);
    return typeof time === 'number' ? time : null;
  };
}
