// A byte range of a log parsed as ingest parses it (format detection on its first lines, the format module,
// the attempts of every request), storing nothing: for breakdown.ts and each worker of ceiling.ts.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { defaultParseContext, type RequestRecord } from '../../lib/formats/types';
import { attemptRows, type AttemptRow } from '../../lib/ingest/attempt-rows';
import { LineReader } from '../../lib/ingest/line-reader';
import { readLines, type Line } from '../../lib/ingest/read-lines';
import { choosePlan } from '../../lib/ingest/read-plan';

export interface Range {
  file: string;
  start: number;
  /** Exclusive. */
  end: number;
}

/** Calls `visit` with every request of the range and its attempts. */
export async function forEachRequest({ file, start, end }: Range, visit: (record: RequestRecord, tries: AttemptRow[]) => void): Promise<void> {
  let reader: LineReader | null = null;
  for await (const lines of readLines(createReadStream(file, { start, end: end - 1 }))) {
    reader ??= new LineReader(choosePlan(texts(lines).slice(0, 50), basename(file), defaultParseContext()), defaultParseContext());
    for (const line of lines) {
      const outcome = reader.read(line);
      if (outcome.kind === 'request') visit(outcome.record, attemptRows(outcome.record));
    }
  }
}

/** Counts per second, server and status, as rollups written at ingest would hold them. */
export async function countRange(range: Range): Promise<{ requests: number; keys: number }> {
  const counts = new Map<string, number>();
  let requests = 0;
  await forEachRequest(range, (record, tries) => {
    requests++;
    const second = Math.floor(record.time / 1000);
    for (const attempt of tries) {
      const key = `${second} ${attempt.server} ${attempt.status} ${attempt.cause}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return { requests, keys: counts.size };
}

const texts = (lines: Line[]) => lines.flatMap((l) => ('text' in l ? [l.text] : []));
