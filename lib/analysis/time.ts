/** UTC epoch ms to ISO 8601 UTC, the analysis object's time format. */
export const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
