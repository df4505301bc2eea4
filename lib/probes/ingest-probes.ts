import { GatewayLensError } from '../errors';
import type { IngestResult } from '../ingest/ingest-source';
import type { Line, RawStats } from '../ingest/read-lines';
import type { Store } from '../store/types';
import { isoOrNull } from '../analysis/time';
import { MIN_PROBE_FORMAT_SCORE, probeFormats } from './formats';
import type { ProbeFormat } from './types';

/** Probe files are read whole (they are small); a larger one is refused rather than held. */
export const MAX_PROBE_TEXT = 64 * 1024 * 1024;
/** The probe format that reads the start of a file, or null. */
export function probeFormatFor(head: string): ProbeFormat | null {
  const scored = probeFormats.map((format) => ({ format, score: format.detect(head) })).sort((a, b) => b.score - a.score);
  return scored[0] && scored[0].score >= MIN_PROBE_FORMAT_SCORE ? scored[0].format : null;
}

export function probeFormatById(id: string): ProbeFormat | null {
  return probeFormats.find((f) => f.id === id) ?? null;
}

/**
 * Stores one file of probe results as a source of the incident: every record parsed or rejected with its
 * line and reason, all of it stored or none.
 */
export async function ingestProbeLines(input: {
  store: Store;
  incidentId: string;
  name: string;
  format: ProbeFormat;
  head: Line[];
  rest: AsyncIterable<Line[]>;
  stats: Partial<RawStats>;
}): Promise<IngestResult> {
  const { store, incidentId, name, format } = input;
  const text = await collectText(input.head, input.rest, name);
  const parsed = format.parse(text);
  const writer = await store.beginSource({ incidentId, name, format: format.id, gateway: 'probes', stream: null });
  try {
    for (const reject of parsed.rejects) writer.addReject(reject.line, reject.reason, reject.text);
    await store.addProbeResults({ incidentId, sourceId: writer.sourceId, results: parsed.results.map((result, i) => ({ line: parsed.lines?.[i] ?? null, result })) });
    const times = parsed.results.map((r) => r.time);
    const [from, to] = times.length ? [Math.min(...times), Math.max(...times)] : [null, null];
    const lines = { total: parsed.total, parsed: parsed.total - parsed.rejects.length, rejected: parsed.rejects.length, foreign: 0, joined: 0 };
    if (parsed.results.length === 0) {
      throw new GatewayLensError('unsupported_format', `${name}: no probe result could be read as ${format.label}`, { source: name, rejects: parsed.rejects.slice(0, 5) });
    }
    await writer.commit({
      linesTotal: lines.total, linesParsed: lines.parsed, linesRejected: lines.rejected, linesForeign: 0, linesJoined: 0, linesOutside: 0, events: 0,
      bytes: input.stats.bytes ?? 0, sha256: input.stats.sha256 ?? '', from, to, confidence: 1, envelope: null,
      formats: { [format.id]: parsed.results.length }, notes: `${parsed.results.length} probe results`,
    });
    return {
      id: writer.sourceId, name, format: format.id, gateway: 'probes', confidence: 1, lines, from: isoOrNull(from), to: isoOrNull(to),
      state: 'done', bytes: input.stats.bytes ?? 0, sha256: input.stats.sha256 ?? '',
    };
  } catch (error) {
    await writer.abort(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

async function collectText(head: Line[], rest: AsyncIterable<Line[]>, name: string): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  const add = (lines: Line[]) => {
    for (const line of lines) {
      const text = 'text' in line ? line.text : '';
      size += text.length + 1;
      if (size > MAX_PROBE_TEXT) throw new GatewayLensError('too_large', `${name}: probe files over ${MAX_PROBE_TEXT / 1024 / 1024} MiB are not read`);
      parts.push(text);
    }
  };
  add(head);
  for await (const lines of rest) add(lines);
  return parts.join('\n');
}
