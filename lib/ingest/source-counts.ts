import type { LineOutcome } from './line-reader';

/**
 * Every line lands in exactly one count: parsed (requests and events, all stored), rejected, foreign, joined (a
 * split piece), or outside (a line outside the range asked for: its time read, not stored). Of the parsed,
 * `events` are gateway events. The time span is the file's, outside lines included.
 */
export class SourceCounts {
  total = 0;
  parsed = 0;
  rejected = 0;
  foreign = 0;
  joined = 0;
  events = 0;
  outside = 0;
  private from: number | null = null;
  private to: number | null = null;
  private readonly byFormat = new Map<string, number>();

  add(outcome: LineOutcome): void {
    this.total++;
    switch (outcome.kind) {
      case 'request':
      case 'event': {
        this.parsed++;
        if (outcome.kind === 'event') this.events++;
        this.widen(outcome.kind === 'request' ? outcome.record.time : outcome.event.time);
        this.byFormat.set(outcome.format, (this.byFormat.get(outcome.format) ?? 0) + 1);
        return;
      }
      case 'reject':
        this.rejected++;
        return;
      case 'foreign':
        this.foreign++;
        return;
      case 'outside':
        this.outside++;
        this.widen(outcome.time);
        return;
      case 'piece':
        // A piece of a line the runtime split, joined to the line it continues.
        this.joined++;
        return;
    }
  }

  private widen(time: number): void {
    if (this.from === null || time < this.from) this.from = time;
    if (this.to === null || time > this.to) this.to = time;
  }

  lines() {
    return { total: this.total, parsed: this.parsed, rejected: this.rejected, foreign: this.foreign, joined: this.joined, outside: this.outside };
  }

  span() {
    return { from: this.from, to: this.to };
  }

  totals() {
    return {
      linesTotal: this.total, linesParsed: this.parsed, linesRejected: this.rejected, linesForeign: this.foreign, linesJoined: this.joined,
      linesOutside: this.outside,
      events: this.events, from: this.from, to: this.to, formats: Object.fromEntries(this.byFormat),
    };
  }
}
