export const formatCount = (n: number) => n.toLocaleString('en-US');

export const formatRate = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

/** Times always carry their zone: UTC here until the zone switch arrives. */
export function formatUtc(ms: number | string | null | undefined, withDate = true): string {
  if (ms === null || ms === undefined) return '–';
  const iso = new Date(ms).toISOString();
  return `${withDate ? iso.slice(0, 10) + ' ' : ''}${iso.slice(11, 19)} UTC`;
}
