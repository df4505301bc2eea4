import type { Line } from './read-lines';

/** An element of a JSON array larger than this is rejected rather than held. */
const MAX_ELEMENT_CHARS = 1024 * 1024;

/**
 * A file that is one JSON array (a Cloud Logging export, a batch pushed as an array) is read element by
 * element, each as one line numbered by the line it starts on. Other files pass through unchanged.
 * Raw newlines cannot occur inside JSON strings, so an element spread over lines is joined with spaces.
 */
export async function* splitJsonArrays(batches: AsyncIterable<Line[]>): AsyncGenerator<Line[]> {
  let mode: 'undecided' | 'lines' | 'array' = 'undecided';
  const splitter = new ArraySplitter();
  for await (const batch of batches) {
    if (mode === 'undecided') {
      const first = batch.find((l) => !('text' in l) || l.text.trim() !== '');
      if (!first) continue;
      mode = 'text' in first && startsJsonArray(first.text) ? 'array' : 'lines';
    }
    if (mode === 'lines') {
      yield batch;
      continue;
    }
    const out: Line[] = [];
    for (const line of batch) splitter.push(line, out);
    if (out.length) yield out;
  }
  const rest = splitter.finish();
  if (rest) yield [rest];
}

/**
 * An array of objects or strings: `[{`, `["`, `[]`, or `[` alone on its line. Not text logs whose lines
 * open with a bracket: Envoy's `[2016-04-15T20:17:00.310Z] "POST ...`, HAProxy's `[WARNING]  (18877) : ...`.
 */
const startsJsonArray = (text: string) => /^\s*\[\s*(?:[{"\]]|$)/.test(text);

class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private startLine = 0;
  private done = false;

  push(line: Line, out: Line[]): void {
    if (!('text' in line)) {
      out.push(line);
      return;
    }
    const text = line.text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.done) return;
      if (this.inString) {
        this.element += c;
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (c === '[') this.depth = 1;
        continue;
      }
      if (this.depth === 1 && (c === ',' || c === ']')) {
        this.emit(out);
        if (c === ']') this.done = true;
        continue;
      }
      if (this.depth === 1 && this.element === '' && /\s/.test(c)) continue;
      if (this.element === '') this.startLine = line.no;
      this.element += c;
      if (c === '"') this.inString = true;
      else if (c === '{' || c === '[') this.depth++;
      else if (c === '}' || c === ']') this.depth--;
    }
    if (this.element !== '') this.element += ' ';
    if (this.element.length > MAX_ELEMENT_CHARS) {
      out.push({ no: this.startLine, tooLongBytes: this.element.length });
      this.element = '';
      this.depth = 1;
    }
  }

  private emit(out: Line[]): void {
    const text = this.element.trim();
    if (text !== '') out.push({ no: this.startLine, text });
    this.element = '';
  }

  /** An array cut short still yields its last complete element's text, for the parser to judge. */
  finish(): Line | null {
    const text = this.element.trim();
    this.element = '';
    return text ? { no: this.startLine, text } : null;
  }
}
