import { GatewayLensError, invalidInput } from '../errors';
import { formats } from '../formats';
import type { LogFormat, ParseContext, ParseResult } from '../formats/types';
import { detectEnvelope, type Envelope } from './envelopes';

/** How a file is read: through which envelope, with which format, and which others for mixed lines. */
export interface ReadPlan {
  envelope: Envelope | null;
  primary: LogFormat;
  /** Formats that read the lines the primary rejects (nginx's error lines beside its access lines on stdout). */
  companions: LogFormat[];
  /** Share of the sample lines the plan reads. */
  confidence: number;
  /** Containers (compose services) whose sample lines are the gateway's; other containers' lines are foreign. */
  gatewayContainers: Set<string>;
}

/** A file is read as a format when at least this share of its first lines parse. */
const MIN_CONFIDENCE = 0.5;

const parses = (format: LogFormat, line: string, context: ParseContext) => format.parseLine(line, context).kind !== 'reject';

function unwrapSample(envelope: Envelope | null, sample: readonly string[]): string[] {
  if (!envelope) return sample.filter((l) => l.trim() !== '');
  return sample.flatMap((l) => {
    const inner = envelope.unwrap(l);
    return inner && inner.text.trim() !== '' ? [inner.text] : [];
  });
}

function planFor(envelope: Envelope | null, sample: readonly string[], context: ParseContext, candidates: readonly LogFormat[]): ReadPlan | null {
  const lines = unwrapSample(envelope, sample);
  if (lines.length === 0) return null;
  const scored = candidates
    .map((format) => ({ format, score: format.detect(lines) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  const primary = scored[0]?.format;
  if (!primary) return null;
  const leftover = lines.filter((l) => !parses(primary, l, context));
  const companions = scored
    .slice(1)
    .map((s) => s.format)
    .filter((f) => f.gateway === primary.gateway && leftover.some((l) => parses(f, l, context)));
  const reads = (l: string) => parses(primary, l, context) || companions.some((f) => parses(f, l, context));
  const gatewayContainers = new Set<string>();
  for (const line of sample) {
    const inner = envelope?.unwrap(line);
    if (inner?.container && reads(inner.text)) gatewayContainers.add(inner.container);
  }
  // Lines of containers that are not the gateway's do not count against the fit.
  const own = gatewayContainers.size ? ownLines(envelope, sample, gatewayContainers) : lines;
  return { envelope, primary, companions, confidence: own.filter(reads).length / Math.max(1, own.length), gatewayContainers };
}

function ownLines(envelope: Envelope | null, sample: readonly string[], containers: Set<string>): string[] {
  return sample.flatMap((l) => {
    const inner = envelope?.unwrap(l);
    return inner && inner.container !== null && containers.has(inner.container) && inner.text.trim() !== '' ? [inner.text] : [];
  });
}

/**
 * Chooses how to read a file from its first lines. `format` forces the primary format. When nothing
 * fits, the error names the file, the closest formats and why their parse failed.
 */
export function choosePlan(sample: readonly string[], name: string, context: ParseContext, format?: LogFormat): ReadPlan {
  const candidates = format ? [format] : formats;
  const bare = planFor(null, sample, context, candidates);
  const envelope = detectEnvelope(sample);
  const wrapped = envelope ? planFor(envelope, sample, context, candidates) : null;
  // An envelope that unwraps the lines into something that reads at least as well is the better
  // reading: text formats are lenient enough to take a CRI time or a compose service for a client.
  const best = wrapped && (!bare || wrapped.confidence >= bare.confidence) ? wrapped : bare;
  if (best && (best.confidence >= MIN_CONFIDENCE || format)) return best;
  // A format the user chose is used even when the first lines do not fit: every line then says why.
  if (format) return { envelope: null, primary: format, companions: [], confidence: 0, gatewayContainers: new Set() };
  throw noFormatFits(name, unwrapSample(envelope, sample), context, envelope);
}

function noFormatFits(name: string, lines: readonly string[], context: ParseContext, envelope: Envelope | null): GatewayLensError {
  if (lines.length === 0) return invalidInput(`${name}: no lines to read: the file is empty or holds only blank lines; nothing of it was stored`, { source: name });
  if (looksBinary(lines)) {
    return new GatewayLensError(
      'unsupported_format',
      `${name}: not a text log: its first lines hold NUL bytes, control characters or invalid UTF-8 (a binary file, or compressed with something other than gzip); nothing of it was stored`,
      { source: name },
    );
  }
  const first = lines[0] ?? '';
  const closest = formats
    .map((format) => ({ format, score: format.detect(lines) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map(({ format, score }) => {
      const result: ParseResult = format.parseLine(first, context);
      return { format: format.id, fit: Math.round(score * 100) / 100, why: result.kind === 'reject' ? printable(result.reason) : 'parses its first line' };
    });
  const inside = envelope ? ` (inside ${envelope.label})` : '';
  return new GatewayLensError(
    'unsupported_format',
    `${name}: no known log format fits its first lines${inside}; closest: ${closest.map((c) => `${c.format} (${c.why})`).join('; ')}`,
    { source: name, envelope: envelope?.id ?? null, closest },
  );
}

/** Characters no text log holds: C0 controls but tab, and U+FFFD, which invalid UTF-8 was read as. */
const NOT_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g;

/** A sample where more than one character in 20 is not text: a binary file, whatever its name. */
function looksBinary(lines: readonly string[]): boolean {
  const chars = lines.reduce((n, l) => n + l.length, 0);
  const bad = lines.reduce((n, l) => n + (l.match(NOT_TEXT)?.length ?? 0), 0);
  return bad > chars / 20;
}

/** A reason quoting the line, fit for a terminal and a message: control characters shown as �, and cut short. */
function printable(reason: string, max = 300): string {
  const clean = reason.replace(NOT_TEXT, '\ufffd');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
