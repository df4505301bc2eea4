const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

/**
 * Top-level values of a JSON object line, read without parsing the rest of the line: what the JSON formats'
 * timeOf reads, so that a range (the CLI's --from/--to) can set aside the lines outside it unparsed. The scan
 * stops once every key is found, at a key's first occurrence; JSON.parse keeps the last of duplicate keys,
 * which gateways never write (their JSON comes from a map or a fixed list of keys).
 *
 * For each key, its value (a string without escapes: times never need one) or undefined when the object has no
 * such key at its top level. Null when the line cannot be read this way (not an object, a key's value is not a
 * plain string, the line is cut short): the caller then reads the line whole.
 */
export function topLevelStrings(line: string, keys: readonly string[]): (string | undefined)[] | null {
  return scanTopLevel(line, keys, plainString);
}

/** As topLevelStrings, but a key's value may also be a number, given as its JSON text (Caddy's `ts`). */
export function topLevelScalars(line: string, keys: readonly string[]): (string | number | undefined)[] | null {
  return scanTopLevel(line, keys, (text, from, to) => plainString(text, from, to) ?? plainNumber(text, from, to));
}

type ReadValue<T> = (line: string, from: number, to: number) => T | null;

function scanTopLevel<T>(line: string, keys: readonly string[], read: ReadValue<T>): (T | undefined)[] | null {
  const found: (T | undefined)[] = new Array(keys.length);
  let left = keys.length;
  let i = skipSpace(line, 0);
  if (line.charCodeAt(i) !== OPEN_BRACE) return null;
  i = skipSpace(line, i + 1);
  if (line.charCodeAt(i) === CLOSE_BRACE) return found;
  for (;;) {
    if (line.charCodeAt(i) !== QUOTE) return null;
    const keyEnd = stringEnd(line, i);
    if (keyEnd < 0) return null;
    const wanted = wantedKey(line, i + 1, keyEnd, keys);
    i = skipSpace(line, keyEnd + 1);
    if (line.charCodeAt(i) !== COLON) return null;
    i = skipSpace(line, i + 1);
    const end = valueEnd(line, i);
    if (end < 0) return null;
    if (wanted >= 0 && found[wanted] === undefined) {
      const value = read(line, i, end);
      if (value === null) return null;
      found[wanted] = value;
      if (--left === 0) return found;
    }
    i = skipSpace(line, end);
    const next = line.charCodeAt(i);
    if (next === CLOSE_BRACE) return found;
    if (next !== COMMA) return null;
    i = skipSpace(line, i + 1);
  }
}

/** Which of `keys` the key text line[from, to) is, or -1. */
function wantedKey(line: string, from: number, to: number, keys: readonly string[]): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length === to - from && line.startsWith(key, from)) return k;
  }
  return -1;
}

/** The value line[from, to) as a string, when it is a string without escapes; else null. */
function plainString(line: string, from: number, to: number): string | null {
  if (to - from < 2 || line.charCodeAt(from) !== QUOTE || line.charCodeAt(to - 1) !== QUOTE) return null;
  const value = line.slice(from + 1, to - 1);
  return value.includes('\\') ? null : value;
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The value line[from, to) as a number, when it is one. */
function plainNumber(line: string, from: number, to: number): number | null {
  const text = line.slice(from, to).trimEnd();
  return JSON_NUMBER.test(text) ? Number(text) : null;
}

/** The index of the quote that closes the string opening at `at`, or -1. */
function stringEnd(line: string, at: number): number {
  let quote = line.indexOf('"', at + 1);
  while (quote > 0) {
    // A quote preceded by an odd number of backslashes is escaped.
    let backslashes = 0;
    while (line.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = line.indexOf('"', quote + 1);
  }
  return -1;
}

/** The index just after the value starting at `at` (a string, an object, an array, a number or a literal), or -1. */
function valueEnd(line: string, at: number): number {
  let depth = 0;
  for (let i = at; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(line, i);
      if (i < 0) return -1;
      if (depth === 0) return i + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (c === COMMA && depth === 0) {
      return i;
    }
  }
  return depth === 0 ? line.length : -1;
}

/** The index of the first character from `at` on that is not JSON whitespace. */
function skipSpace(line: string, at: number): number {
  let i = at;
  while (isSpace(line.charCodeAt(i))) i++;
  return i;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
