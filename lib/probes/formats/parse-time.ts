/** A probe's time as exporters write it: ISO 8601, epoch milliseconds or epoch seconds (with fractions). */
export function parseProbeTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? Math.round(value) : Math.round(value * 1000);
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseProbeTime(Number(text));
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
