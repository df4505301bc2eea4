import { probeKinds, type ProbeFormat, type ProbeKind, type ProbeParse, type ProbeResult, type TlsDetails } from '../types';
import { parseProbeTime } from './parse-time';

const isKind = (value: unknown): value is ProbeKind => typeof value === 'string' && (probeKinds as readonly string[]).includes(value);
const numberOrNull = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const stringOrNull = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

/** `tls: {version, subject, issuer, not_after, sni}`; not_after in ISO 8601 or epoch s/ms. */
function tlsOf(value: unknown): TlsDetails | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const t = value as Record<string, unknown>;
  return {
    version: stringOrNull(t.version),
    subject: stringOrNull(t.subject),
    issuer: stringOrNull(t.issuer),
    notAfter: parseProbeTime(t.not_after ?? t.notAfter),
    sni: stringOrNull(t.sni),
  };
}

/** One line of Gateway Lens's own schema, or why it is not one. */
export function parseProbeJson(line: string): ProbeResult | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not a JSON object';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const r = value as Record<string, unknown>;
  const time = parseProbeTime(r.time);
  if (time === null) return `"time" ${JSON.stringify(r.time)} is not an ISO 8601 time or epoch seconds/milliseconds`;
  if (typeof r.target !== 'string' || r.target === '') return 'no "target"';
  if (!isKind(r.kind)) return `"kind" ${JSON.stringify(r.kind)} is not one of ${probeKinds.join(', ')}`;
  if (typeof r.ok !== 'boolean') return '"ok" is not true or false';
  return {
    time,
    target: r.target,
    kind: r.kind,
    ok: r.ok,
    status: numberOrNull(r.status),
    latencyMs: numberOrNull(r.latency_ms) ?? numberOrNull(r.latency),
    error: stringOrNull(r.error),
    origin: 'uploaded',
    ttfbMs: numberOrNull(r.ttfb_ms),
    tls: tlsOf(r.tls),
    addresses: Array.isArray(r.addresses) ? r.addresses.filter((a): a is string => typeof a === 'string') : null,
    detail: stringOrNull(r.detail),
  };
}

/** Gateway Lens's probe JSON lines: `{"time","target","kind","ok","status"?,"latency_ms","error"?}`. */
export const gatewayLensJsonl: ProbeFormat = {
  id: 'gateway_lens_jsonl',
  label: 'Gateway Lens probe results (JSON lines)',
  detect(head) {
    const lines = head.split('\n').filter((l) => l.trim() !== '').slice(0, 20);
    if (lines.length === 0) return 0;
    return lines.filter((l) => l.includes('"target"') && typeof parseProbeJson(l) !== 'string').length / lines.length;
  },
  parse(text): ProbeParse {
    const out: ProbeParse = { results: [], rejects: [], total: 0, lines: [] };
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      out.total++;
      const parsed = parseProbeJson(line);
      if (typeof parsed === 'string') out.rejects.push({ line: i + 1, reason: parsed, text: line.slice(0, 300) });
      else {
        out.results.push(parsed);
        out.lines!.push(i + 1);
      }
    });
    return out;
  },
};
