// One worker's share of scripts/bench/ceiling.ts: parse a byte range of a file as ingest does, count, store nothing.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { defaultParseContext } from '../../lib/formats/types';
import { attemptRows } from '../../lib/ingest/attempt-rows';
import { LineReader } from '../../lib/ingest/line-reader';
import { readLines, type Line } from '../../lib/ingest/read-lines';
import { choosePlan } from '../../lib/ingest/read-plan';

export interface Range {
  file: string;
  start: number;
  end: number;
}

/** Counts per second, server and status, as rollups written at ingest would hold them. */
export async function countRange({ file, start, end }: Range): Promise<{ requests: number; keys: number }> {
  const counts = new Map<string, number>();
  let reader: LineReader | null = null;
  let requests = 0;
  for await (const lines of readLines(createReadStream(file, { start, end: end - 1 }))) {
    reader ??= new LineReader(choosePlan(texts(lines).slice(0, 50), basename(file), defaultParseContext()), defaultParseContext());
    for (const line of lines) {
      const outcome = reader.read(line);
      if (outcome.kind !== 'request') continue;
      requests++;
      const second = Math.floor(outcome.record.time / 1000);
      for (const attempt of attemptRows(outcome.record)) {
        const key = `${second} ${attempt.server} ${attempt.status} ${attempt.cause}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return { requests, keys: counts.size };
}

const texts = (lines: Line[]) => lines.flatMap((l) => ('text' in l ? [l.text] : []));

