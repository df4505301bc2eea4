import type { SourceSummary } from '../analysis/schema';
import { isoOrNull } from '../analysis/time';
import { GatewayLensError } from '../errors';
import { formatById } from '../formats';
import { defaultParseContext, type LogFormat, type ParseContext } from '../formats/types';
import type { SourceWriter, Store } from '../store/types';
import { attemptRows } from './attempt-rows';
import { splitJsonArrays } from './json-array';
import { LineReader, type KeptRange, type LineOutcome } from './line-reader';
import { Redactor } from './redact';
import { REDACTIONS, redactionNote, type Redaction } from './redaction-kinds';
import { readLines, type Line, type RawStats } from './read-lines';
import { choosePlan, type ReadPlan } from './read-plan';
import { SourceCounts } from './source-counts';
import { detectProbeFormat } from '../probes/formats';
import { ingestProbeLines, probeFormatById, probeFormatFor } from '../probes/ingest-probes';
import type { ProbeFormat } from '../probes/types';

/** Lines read before the format is chosen. */
const DETECTION_SAMPLE = 50;
/** How often the stored progress of a running ingest is refreshed. */
const PROGRESS_EVERY_MS = 1000;

export interface IngestInput {
  store: Store;
  incidentId: string;
  /** File name as the user knows it; every reject and error names it. */
  name: string;
  body: AsyncIterable<Uint8Array>;
  /** A format id, or a compiled format (a pasted nginx log_format), to skip detection. */
  format?: string | LogFormat;
  /** The zone and year for formats whose times lack them; the source says which were assumed. */
  context?: Partial<ParseContext> & { zoneGiven?: boolean; yearGiven?: boolean };
  /** Pushed lines of a named stream (Vector, Fluent Bit): batches of one stream read alike. */
  stream?: string;
  /** A source this one re-reads (the user chose another format): removed once this one is stored. */
  replaces?: number;
  /** Called now and then with the bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** What the file may be: a log, probe results, or either (detected; the default). */
  kind?: 'logs' | 'probes' | 'auto';
  /** Bytes as sent beyond which the file is refused (uploads; see upload-limits.ts). */
  maxBytes?: number;
  /** Decompressed bytes per gzip byte beyond which the file is refused (uploads; see upload-limits.ts). */
  maxGzipRatio?: number;
  /** What to keep out of the store (redact.ts): query-string values, tokens, client addresses. */
  redact?: readonly Redaction[];
  /**
   * Only the requests in this time range (epoch ms, `to` excluded) are stored, and the gateway's events up to
   * EVENTS_AROUND_RANGE_MS around it; the others are counted by their time (lines.outside), read no further where
   * the format can tell the time alone (LogFormat.timeOf). The CLI's --from and --to: the incident's half hour of
   * a week of logs is stored, not the week.
   */
  window?: TimeWindow;
}

export interface TimeWindow {
  from?: number;
  to?: number;
}

/** The source as the analysis object names it (`sources[]`), with what detection found. */
export interface IngestResult extends SourceSummary {
  id: number;
  format: string;
  gateway: string;
  /** Share of the sampled lines the chosen format parsed (1 when the format was given). */
  confidence: number;
  /** Set when the same bytes were already read into this incident: nothing was counted twice. */
  duplicateOf?: number;
}

/**
 * Streams one file into the store: choose how to read it from the first lines, then parse every line
 * and write requests, their attempts and gateway events. Every line is parsed, rejected with a reason,
 * or set aside as another container's, and counted. On any failure nothing of this source stays visible.
 */
export async function ingestSource(input: IngestInput): Promise<IngestResult> {
  const { store, incidentId, name } = input;
  const context: ParseContext = { ...defaultParseContext(), ...definedOnly(input.context) };
  const stats: Partial<RawStats> = {};
  // What this upload asks to redact, and what earlier uploads to the incident did: a later file (an error
  // log, a re-read with another format) never brings back what an earlier one kept out.
  const redaction = await store.redaction({ incidentId, add: input.redact ?? [] });
  const redacted = REDACTIONS.filter((kind) => redaction.kinds.includes(kind));
  const redactor = redacted.length ? new Redactor(redacted, redaction.key) : null;
  const read = splitJsonArrays(readLines(input.body, stats, { name, maxBytes: input.maxBytes, maxGzipRatio: input.maxGzipRatio }));
  const batches = redactor ? redactedLines(read, redactor) : read;
  const head = await readSample(batches);
  const probes = input.kind === 'logs' ? null : probeFormatOf(input, head);
  if (probes) return ingestProbeLines({ store, incidentId, name, format: probes, head, rest: batches, stats });
  const plan = await planFor(input, head, context);

  const writer = await store.beginSource({
    incidentId, name, format: plan.primary.id, gateway: plan.primary.gateway, stream: input.stream ?? null,
  });
  const counts = new SourceCounts();
  const reader = new LineReader(plan, context, input.window ? keptRange(input.window) : null);
  let lastProgress = Date.now();
  try {
    for (const line of head) record(reader.read(line), writer, counts, redactor);
    for await (const lines of batches) {
      for (const line of lines) record(reader.read(line), writer, counts, redactor);
      await writer.ready?.();
      input.onProgress?.(stats.bytes ?? 0);
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await writer.progress({ ...counts.lines(), bytes: stats.bytes ?? 0 });
      }
    }
    const last = reader.finish();
    if (last) record(last, writer, counts, redactor);
    // A file wholly outside the range asked for is read, not refused: its lines are counted outside.
    if (counts.parsed + counts.outside === 0) {
      throw new GatewayLensError('unsupported_format', `${name}: none of its ${counts.total} lines is ${plan.primary.label}`, {
        source: name, format: plan.primary.id, rejects: counts.rejected,
      });
    }
    const sha256 = stats.sha256 ?? '';
    const duplicateOf = await store.findSourceBySha256({ incidentId, sha256, except: input.replaces });
    if (duplicateOf !== null) {
      // Read again for another range or format, it replaces that source (Read as…, ?replaces=) rather than adding to it.
      await writer.abort(`the same file as source ${duplicateOf} (sha256 ${sha256.slice(0, 12)}…): not counted twice; to read it with another format or time range, re-read that source (Read as…, or replaces=${duplicateOf})`);
      return { ...summary(writer.sourceId, name, plan, counts, stats), duplicateOf, state: 'failed' };
    }
    await writer.commit({
      ...counts.totals(), bytes: stats.bytes ?? 0, sha256, confidence: plan.confidence,
      envelope: plan.envelope?.id ?? null, notes: notesFor(plan, input.context, context, stats, redacted, outsideNote(input.window, counts.outside)),
    });
    if (input.replaces !== undefined) await store.deleteSource({ incidentId, sourceId: input.replaces });
    // An error log names the causes of failed tries in access logs already stored, and the other way round.
    await store.fuseCauses({ incidentId });
    return summary(writer.sourceId, name, plan, counts, stats);
  } catch (error) {
    await abandon(writer, error);
    throw error;
  }
}

/**
 * Removes what was stored of a file that failed. Where that fails too (the database could not be opened again,
 * duckdb-database.ts), the file's own error is the one that says why: the removal's is logged, and what it
 * could not remove is a source still marked as being stored, which the store sweeps when it next opens, or,
 * failing after its commit, a source stored whole.
 */
async function abandon(writer: SourceWriter, error: unknown): Promise<void> {
  try {
    await writer.abort(error instanceof Error ? error.message : String(error));
  } catch (abortError) {
    console.error(`gateway-lens: source ${writer.sourceId} could not be removed after it failed:`, abortError);
  }
}

/** A probe file is recognised from its start, before any log format is tried on it. */
function probeFormatOf(input: IngestInput, head: Line[]): ProbeFormat | null {
  if (input.kind === 'probes' && typeof input.format === 'string') {
    const forced = probeFormatById(input.format);
    if (!forced) throw new GatewayLensError('unsupported_format', `unknown probe format "${input.format}"`);
    return forced;
  }
  if (input.format !== undefined && input.kind !== 'probes') return null;
  const text = head.flatMap((l) => ('text' in l ? [l.text] : [])).join('\n');
  // Where only probe results are expected, a file that is none says which formats came closest and why.
  return input.kind === 'probes' ? detectProbeFormat(text, input.name) : probeFormatFor(text);
}

async function planFor(input: IngestInput, head: Line[], context: ParseContext): Promise<ReadPlan> {
  const sample = head.flatMap((l) => ('text' in l ? [l.text] : []));
  const forced = typeof input.format === 'string' ? formatById(input.format) : input.format;
  if (forced) return choosePlan(sample, input.name, context, forced);
  // Batches of one pushed stream are read as its first batch was.
  const streamFormat = input.stream ? await input.store.streamFormat({ incidentId: input.incidentId, stream: input.stream }) : null;
  return choosePlan(sample, input.name, context, streamFormat ? formatById(streamFormat) : undefined);
}

/**
 * How far around a range the gateway's events are kept. An error line is written when a try fails, its request's
 * access line when the request ends, so an event before the range may name the cause of a try of a request in
 * it (fuse-causes.ts), up to that request's duration earlier: nginx gives up on an upstream after 60 s by
 * default (proxy_read_timeout). Events further out are not read by an analysis of the range.
 */
export const EVENTS_AROUND_RANGE_MS = 15 * 60_000;

/** The requests stored: those in the range, `to` excluded; the events: those within EVENTS_AROUND_RANGE_MS of it. */
function keptRange(window: TimeWindow): KeptRange {
  const from = window.from ?? -Infinity;
  const to = window.to ?? Infinity;
  return {
    requests: (time) => time >= from && time < to,
    events: (time) => time >= from - EVENTS_AROUND_RANGE_MS && time < to + EVENTS_AROUND_RANGE_MS,
  };
}

function record(outcome: LineOutcome, writer: SourceWriter, counts: SourceCounts, redactor: Redactor | null): void {
  counts.add(outcome);
  switch (outcome.kind) {
    case 'request': {
      const { record, text } = redactor ? redactor.request(outcome.record, outcome.text) : outcome;
      writer.appendRequest(outcome.no, record, attemptRows(record), text);
      return;
    }
    case 'event': {
      const { event, text } = redactor ? redactor.event(outcome.event, outcome.text) : outcome;
      writer.appendEvent(outcome.no, event, text);
      return;
    }
    case 'reject':
      writer.addReject(outcome.no, outcome.reason, redactor ? redactor.rejected(outcome.text) : outcome.text);
      return;
    default:
      return;
  }
}

/** What the user should know about how the file was read: a range, a cut-short file, times without zone or year. */
function notesFor(
  plan: ReadPlan, given: IngestInput['context'], context: ParseContext, stats: Partial<RawStats>, redacted: readonly Redaction[], outside: string | null,
): string | null {
  const needs = [plan.primary, ...plan.companions].map((f) => f.needsContext ?? {});
  const notes: string[] = [];
  if (outside) notes.push(outside);
  if (redacted.length) notes.push(redactionNote(redacted));
  if (stats.gzipCutAt !== undefined) {
    notes.push(`the gzip data ends early, after ${stats.gzipCutAt} bytes (the file was cut short, perhaps copied while still being written): every line before the cut was read`);
  }
  if (needs.some((n) => n.zone) && !given?.zoneGiven) {
    notes.push(`times have no zone in this format and were read as UTC${offsetText(context.utcOffsetMinutes)}; give the server's zone to correct them`);
  }
  if (needs.some((n) => n.year) && !given?.yearGiven) {
    notes.push(`times have no year in this format and were read in ${context.year}`);
  }
  return notes.length ? notes.join('; ') : null;
}

/** The lines left out for a range: the source holds that range, the file more; a later view wider than it would miss them. */
function outsideNote(window: TimeWindow | undefined, outside: number): string | null {
  if (!window || outside === 0) return null;
  const range = `${isoOrNull(window.from ?? null) ?? 'the start'} to ${isoOrNull(window.to ?? null) ?? 'the end'}`;
  return `${outside} line${outside === 1 ? '' : 's'} outside the range read (${range}; error lines: ${EVENTS_AROUND_RANGE_MS / 60_000} minutes around it), counted by their time, not stored`;
}

const offsetText = (minutes: number) => (minutes === 0 ? '' : `${minutes > 0 ? '+' : '-'}${Math.abs(minutes) / 60}h`);

function summary(id: number, name: string, plan: ReadPlan, counts: SourceCounts, stats: Partial<RawStats>): IngestResult {
  const { from, to } = counts.span();
  return {
    id, name, format: plan.primary.id, gateway: plan.primary.gateway, confidence: plan.confidence,
    lines: counts.lines(), from: isoOrNull(from), to: isoOrNull(to), state: 'done',
    bytes: stats.bytes ?? 0, sha256: stats.sha256 ?? '',
  };
}

/** Query values and credentials leave each line before anything reads it: detection, parsing, rejects. */
async function* redactedLines(batches: AsyncIterable<Line[]>, redactor: Redactor): AsyncGenerator<Line[]> {
  for await (const lines of batches) {
    yield lines.map((l) => ('text' in l ? { no: l.no, text: redactor.line(l.text) } : 'cutText' in l ? { no: l.no, cutText: redactor.line(l.cutText) } : l));
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

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
