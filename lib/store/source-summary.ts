import type { SourceSummary } from '../analysis/schema';
import { isoOrNull } from '../analysis/time';

/** A row of the sources table, as both engines return it. */
export interface SourceRow {
  id: number; name: string; format: string | null; gateway: string | null; state: 'ingesting' | 'done' | 'failed';
  error: string | null; bytes: number | null; sha256: string | null; lines_total: number | null;
  lines_parsed: number | null; lines_rejected: number | null; lines_foreign: number | null; lines_joined: number | null;
  lines_outside: number | null;
  first_time: number | null; last_time: number | null; confidence: number | null; envelope: string | null;
  formats: string | null; events: number | null; notes: string | null; stream: string | null;
  created_at: number; progress_at: number | null;
}

export function sourceSummary(r: SourceRow, rejects: { line_no: number; reason: string; text: string }[]): SourceSummary {
  return {
    id: r.id,
    name: r.name,
    format: r.format,
    gateway: r.gateway,
    lines: {
      total: r.lines_total ?? 0, parsed: r.lines_parsed ?? 0, rejected: r.lines_rejected ?? 0,
      foreign: r.lines_foreign ?? 0, joined: r.lines_joined ?? 0, outside: r.lines_outside ?? 0,
    },
    from: isoOrNull(r.first_time),
    to: isoOrNull(r.last_time),
    state: r.state,
    error: r.error,
    bytes: r.bytes ?? 0,
    sha256: r.sha256 ?? '',
    rejects: rejects.map((j) => ({ line: j.line_no, reason: j.reason, text: j.text })),
    confidence: r.confidence,
    envelope: r.envelope,
    formats: r.formats ? (JSON.parse(r.formats) as Record<string, number>) : {},
    events: r.events ?? 0,
    notes: r.notes,
    stream: r.stream,
    bytesPerSecond: r.progress_at && r.bytes && r.progress_at > r.created_at ? Math.round((r.bytes * 1000) / (r.progress_at - r.created_at)) : null,
  };
}

