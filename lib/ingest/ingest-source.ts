import type { SourceSummary } from '../analysis/schema';
import { GatewayLensError } from '../errors';
import { isoOrNull } from '../analysis/time';
import { detectFormat, formatById, type LogFormat } from '../formats';
import type { Store } from '../store/types';
import { attemptRows } from './attempt-rows';
import { MAX_LINE_BYTES, readLines, type Line, type RawStats } from './read-lines';

/** Lines read before the format is chosen. */
const DETECTION_SAMPLE = 50;

export interface IngestInput {
  store: Store;
  incidentId: string;
  /** File name as the user knows it; every reject and error names it. */
  name: string;
  body: AsyncIterable<Uint8Array>;
  /** A format id to skip detection. */
  format?: string;
  /** Called now and then with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
}

/** The source as the analysis object names it (`sources[]`), with what detection found. */
export interface IngestResult extends SourceSummary {
  id: number;
  format: string;
  gateway: string;
  /** Share of the sampled lines the chosen format parsed (1 when the format was given). */
  confidence: number;
}

/**
 * Streams one file into the store: detect the format from the first lines, parse every line, write
 * requests and their attempts. Every line is either parsed or rejected with a reason and counted.
 * On any failure nothing of this source stays visible.
 */
export async function ingestSource(input: IngestInput): Promise<IngestResult> {
  const { store, incidentId, name } = input;
  const stats: Partial<RawStats> = {};
  const batches = readLines(input.body, stats);
  const head = await readSample(batches);
  const detection = input.format
    ? { format: formatById(input.format), confidence: 1 }
    : detectFormat(head.flatMap((l) => ('text' in l ? [l.text] : [])), name);

  const writer = await store.beginSource({ incidentId, name, format: detection.format.id, gateway: detection.format.gateway });
  const counts = { total: 0, parsed: 0, rejected: 0, from: null as number | null, to: null as number | null };
  try {
    const consume = (lines: Line[]) => {
      for (const line of lines) consumeLine(detection.format, line, writer, counts);
    };
    consume(head);
    for await (const lines of batches) {
      consume(lines);
      input.onProgress?.(stats.bytes ?? 0);
    }
    if (counts.parsed === 0) {
      throw new GatewayLensError('unsupported_format', `${name}: none of its ${counts.total} lines is ${detection.format.label}`, {
        source: name,
        format: detection.format.id,
      });
    }
    const totals = {
      linesTotal: counts.total, linesParsed: counts.parsed, linesRejected: counts.rejected,
      bytes: stats.bytes ?? 0, sha256: stats.sha256 ?? '', from: counts.from, to: counts.to,
    };
    await writer.commit(totals);
    return {
      id: writer.sourceId, name, format: detection.format.id, gateway: detection.format.gateway,
      confidence: detection.confidence, lines: { total: counts.total, parsed: counts.parsed, rejected: counts.rejected },
      from: isoOrNull(counts.from), to: isoOrNull(counts.to), state: 'done', bytes: totals.bytes, sha256: totals.sha256,
    };
  } catch (error) {
    await writer.abort(error instanceof Error ? error.message : String(error));
    throw error;
  }
}

async function readSample(batches: AsyncGenerator<Line[]>): Promise<Line[]> {
  const head: Line[] = [];
  while (head.length < DETECTION_SAMPLE) {
    const next = await batches.next();
    if (next.done) break;
    head.push(...next.value);
  }
  return head;
}

interface Counts { total: number; parsed: number; rejected: number; from: number | null; to: number | null }

function consumeLine(format: LogFormat, line: Line, writer: Awaited<ReturnType<Store['beginSource']>>, counts: Counts): void {
  counts.total++;
  if ('tooLongBytes' in line) {
    counts.rejected++;
    writer.addReject(line.no, `line is ${line.tooLongBytes} bytes, longer than the ${MAX_LINE_BYTES}-byte limit`, '');
    return;
  }
  if (line.text.trim() === '') {
    counts.rejected++;
    writer.addReject(line.no, 'blank line', '');
    return;
  }
  const result = format.parseLine(line.text);
  if (result.kind === 'reject') {
    counts.rejected++;
    writer.addReject(line.no, result.reason, line.text);
    return;
  }
  if (result.kind === 'event') {
    // Gateway events are stored from the next commit on; until then they are counted as rejects, never dropped.
    counts.rejected++;
    writer.addReject(line.no, 'error-log events are not stored yet', line.text);
    return;
  }
  counts.parsed++;
  const { record } = result;
  if (counts.from === null || record.time < counts.from) counts.from = record.time;
  if (counts.to === null || record.time > counts.to) counts.to = record.time;
  writer.appendRequest(line.no, record, attemptRows(record));
}
