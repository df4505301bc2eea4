import type { GatewayEventRecord, LogFormat, ParseContext, RequestRecord } from '../formats/types';
import { PartialJoiner } from './envelopes';
import { MAX_LINE_BYTES, type Line } from './read-lines';
import type { ReadPlan } from './read-plan';

/** What became of one line of the file. */
export type LineOutcome =
  | { kind: 'request'; no: number; record: RequestRecord; format: string; text: string }
  | { kind: 'event'; no: number; event: GatewayEventRecord; format: string; text: string }
  | { kind: 'reject'; no: number; reason: string; text: string }
  | { kind: 'foreign'; no: number; container: string }
  /** A piece of a line the runtime split; it is counted with the line it completes. */
  | { kind: 'piece'; no: number }
  /** A line outside the range asked for: counted with its time, not stored (read no further when the format can tell). */
  | { kind: 'outside'; no: number; time: number };

/** Whether a line at this time is stored. */
export type Keep = (time: number) => boolean;
/** What a range keeps: requests within it, the gateway's events around it (ingest-source.ts says how far). */
export interface KeptRange {
  requests: Keep;
  events: Keep;
}

/**
 * Turns raw lines into outcomes under a read plan: unwraps the envelope, joins split lines, sets aside
 * other containers' lines as foreign, and parses with the primary format, then its companions.
 */
export class LineReader {
  private readonly joiner = new PartialJoiner();
  /** Containers whose lines are the gateway's: those seen with lines that parse. */
  private readonly gatewayContainers: Set<string>;
  /** The plan's formats that can tell a line's time without parsing it. */
  private readonly formatsByTime: readonly LogFormat[];

  constructor(
    private readonly plan: ReadPlan,
    private readonly context: ParseContext,
    private readonly range: KeptRange | null = null,
  ) {
    this.gatewayContainers = new Set(plan.gatewayContainers);
    this.formatsByTime = [plan.primary, ...plan.companions].filter((f) => f.timeOf || f.eventTimeOf);
  }

  read(line: Line): LineOutcome {
    if ('tooLongBytes' in line) {
      return { kind: 'reject', no: line.no, reason: `line is ${line.tooLongBytes} bytes, longer than the ${MAX_LINE_BYTES}-byte limit`, text: '' };
    }
    if ('cutText' in line) {
      return { kind: 'reject', no: line.no, reason: 'the gzip data ends in the middle of this line (the file was cut short)', text: line.cutText };
    }
    const { envelope } = this.plan;
    if (!envelope) return this.parse(line.no, line.text, null);
    if (line.text.trim() === '') return { kind: 'reject', no: line.no, reason: 'blank line', text: '' };
    const piece = envelope.unwrap(line.text);
    if (!piece) return { kind: 'reject', no: line.no, reason: `not a ${envelope.label} line, unlike the rest of the file`, text: line.text };
    const whole = this.joiner.push(line.no, piece);
    if (!whole) return { kind: 'piece', no: line.no };
    return this.parse(whole.no, whole.text, whole.container);
  }

  /** The end of the file: a split line still pending is read as it is. */
  finish(): LineOutcome | null {
    const rest = this.joiner.flush();
    return rest ? this.parse(rest.no, rest.text, rest.container) : null;
  }

  private parse(no: number, text: string, container: string | null): LineOutcome {
    if (text.trim() === '') return { kind: 'reject', no, reason: 'blank line', text: '' };
    const { primary, companions } = this.plan;
    // Set aside by its time alone only a line of the gateway: another container's line is counted foreign.
    if (this.range && (container === null || this.gatewayContainers.has(container))) {
      const time = this.outsideTime(text, this.range);
      if (time !== null) return { kind: 'outside', no, time };
    }
    let result = primary.parseLine(text, this.context);
    let format = primary.id;
    for (let i = 0; result.kind === 'reject' && i < companions.length; i++) {
      const companion = companions[i]!;
      const attempt = companion.parseLine(text, this.context);
      if (attempt.kind !== 'reject') {
        result = attempt;
        format = companion.id;
      }
    }
    if (result.kind === 'reject') {
      // A line of a container not seen writing the gateway's lines is another service sharing the file.
      if (container !== null && !this.gatewayContainers.has(container)) return { kind: 'foreign', no, container };
      return { kind: 'reject', no, reason: result.reason, text };
    }
    if (container !== null) this.gatewayContainers.add(container);
    if (result.kind === 'event') {
      if (this.range && !this.range.events(result.event.time)) return { kind: 'outside', no, time: result.event.time };
      return { kind: 'event', no, event: result.event, format, text };
    }
    if (this.range && !this.range.requests(result.record.time)) return { kind: 'outside', no, time: result.record.time };
    return { kind: 'request', no, record: result.record, format, text };
  }

  /**
   * The time of a line outside the range, read alone, or null when the line is to be read whole. The first of
   * the plan's formats (the primary, then its companions: nginx's error lines beside its access lines) that
   * finds the line's time alone says whether it is a request's, kept within the range, or an event's, kept
   * around it.
   */
  private outsideTime(text: string, range: KeptRange): number | null {
    for (const format of this.formatsByTime) {
      const time = format.timeOf?.(text, this.context) ?? null;
      if (time !== null) return (format.eventLog ? range.events : range.requests)(time) ? null : time;
      const eventTime = format.eventTimeOf?.(text, this.context) ?? null;
      if (eventTime !== null) return range.events(eventTime) ? null : eventTime;
    }
    return null;
  }
}
