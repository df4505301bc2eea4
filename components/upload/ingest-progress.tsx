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
 * How much of the sent file the server has read: the upload bar counts what the browser has handed on, which
 * runs well ahead of it on a large file (46% sent when 19% was read, on 154 MB).
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
