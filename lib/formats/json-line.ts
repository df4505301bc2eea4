/**
 * One JSON object from one line, as JSON log formats write them, or why the line is not one. `what`
 * names the format in the reason ("Caddy writes one JSON object per line").
 */
export function jsonObjectOfLine(line: string, what: string): { object: Record<string, unknown> } | { reason: string } {
  const text = line.trim();
  const notObject = { reason: `not a JSON object: ${what}` };
  if (text[0] !== '{') return notObject;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON (${(error as Error).message})` };
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { object: parsed as Record<string, unknown> } : notObject;
}
