'use client';

import { useSources } from '../data/hooks';
import { formatCount } from '../ui/format';

export const formatRate = (bytesPerSecond: number | null | undefined) =>
  bytesPerSecond ? `${(bytesPerSecond / 1e6).toFixed(1)} MB/s` : '…';

const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

/** The file being sent, so that what the server has read of it can be said as a share of it. */
export interface SentFile {
  name: string;
  size: number;
}

/**
 * How much of the sent file the server has read. The upload bar counts what the browser has handed on, and
 * runs ahead of this: the server writes its progress about once a second and this view polls it, so on a fast
 * upload the figure here is up to 1.5 s old (46% sent when 19% was shown read, on 154 MB). What the server
 * actually holds unread stays within a few MB (README, Performance).
 */
function readShare(source: { name: string; bytes?: number }, file: SentFile | undefined): string {
  if (!file || source.name !== file.name || source.bytes === undefined || file.size <= 0) return '';
  return ` (${megabytes(source.bytes)} of ${megabytes(file.size)} MB read, ${Math.floor((100 * source.bytes) / file.size)}%)`;
}

/** What the server has read so far of the files being uploaded: lines, how much of the file, rejects, MB/s. */
export function IngestProgress({ incidentId, file }: { incidentId: string; file?: SentFile }) {
  const { data } = useSources(incidentId, { live: true });
  const running = (data ?? []).filter((s) => s.state === 'ingesting');
  if (running.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm text-muted" data-testid="ingest-progress">
      {running.map((s) => (
        <li key={s.id}>
          Reading {s.name}: {formatCount(s.lines.total)} lines{readShare(s, file)}, {formatCount(s.lines.rejected)} rejected, {formatRate(s.bytesPerSecond)}
        </li>
      ))}
    </ul>
  );
}
