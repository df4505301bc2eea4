import type { ProbeResult } from '../probes/types';
import { serverOfTarget } from '../probes/probe-server';
import type { SqlValue } from './selection';

/** Stored probe results, as the API returns them: with the upstream server they line up with. */
export interface StoredProbe extends ProbeResult {
  server: string | null;
  source: { id: number; line: number } | null;
}

export const PROBE_COLUMNS =
  'incident_id, source_id, line_no, time, target, server, kind, ok, status, latency_ms, ttfb_ms, error, origin, detail, tls, addresses';

export function probeValues(incidentId: string, sourceId: number | null, lineNo: number | null, r: ProbeResult): SqlValue[] {
  return [
    incidentId, sourceId, lineNo, r.time, r.target, serverOfTarget(r.target), r.kind, r.ok, r.status, r.latencyMs, r.ttfbMs ?? null,
    r.error, r.origin, r.detail ?? null, r.tls ? JSON.stringify(r.tls) : null, r.addresses ? JSON.stringify(r.addresses) : null,
  ];
}

export interface ProbeRow {
  source_id: number | null; line_no: number | null; time: number; target: string; server: string | null; kind: string; ok: boolean;
  status: number | null; latency_ms: number | null; ttfb_ms: number | null; error: string | null; origin: string; detail: string | null;
  tls: string | null; addresses: string | null;
}

export function storedProbe(r: ProbeRow): StoredProbe {
  return {
    time: r.time, target: r.target, server: r.server, kind: r.kind as ProbeResult['kind'], ok: r.ok, status: r.status,
    latencyMs: r.latency_ms, ttfbMs: r.ttfb_ms, error: r.error, origin: r.origin as ProbeResult['origin'], detail: r.detail,
    tls: r.tls ? JSON.parse(r.tls) : null, addresses: r.addresses ? JSON.parse(r.addresses) : null,
    source: r.source_id === null ? null : { id: r.source_id, line: r.line_no ?? 0 },
  };
}
