/**
 * Splits a space-separated log line into fields, keeping `"quoted"` (and, when asked, `[bracketed]`) fields
 * whole without their delimiters. A closing delimiter counts only when a space or the end follows it, so
 * a quote inside a user agent does not cut the field. Null when a quote or bracket is left open.
 */
export function splitQuotedFields(line: string, options: { brackets?: boolean } = {}): string[] | null {
  const tokens: string[] = [];
  let at = 0;
  while (at < line.length) {
    if (line[at] === ' ') {
      at++;
      continue;
    }
    const open = line[at];
    if (open === '"' || (options.brackets && open === '[')) {
      const close = open === '[' ? ']' : '"';
      let end = line.indexOf(close, at + 1);
      while (end >= 0 && end + 1 < line.length && line[end + 1] !== ' ') end = line.indexOf(close, end + 1);
      if (end < 0) return null;
      tokens.push(line.slice(at + 1, end));
      at = end + 1;
      continue;
    }
    let end = line.indexOf(' ', at);
    if (end < 0) end = line.length;
    tokens.push(line.slice(at, end));
    at = end;
  }
  return tokens;
}
