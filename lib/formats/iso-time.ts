/**
 * A time as the load balancers and proxies write it in ISO 8601 / RFC 3339 (ALB and ELB `2026-11-27T00:30:25.401569Z`,
 * Envoy's %START_TIME%, GCP's timestamp), as UTC epoch ms; null when the text is not one.
 */
export function isoTime(text: string): number | null {
  if (!/^\d{4}-\d\d-\d\dT/.test(text)) return null;
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : time;
}
