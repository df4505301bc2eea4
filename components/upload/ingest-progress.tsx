'use client';

import { useSources } from '../data/hooks';
import { formatCount } from '../ui/format';

export const formatRate = (bytesPerSecond: number | null | undefined) =>
  bytesPerSecond ? `${(bytesPerSecond / 1e6).toFixed(1)} MB/s` : '…';

/** What the server has read so far of the files being uploaded: lines, rejects, MB/s. */
export function IngestProgress({ incidentId }: { incidentId: string }) {
  const { data } = useSources(incidentId, { live: true });
  const running = (data ?? []).filter((s) => s.state === 'ingesting');
  if (running.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm text-muted" data-testid="ingest-progress">
      {running.map((s) => (
        <li key={s.id}>
          Reading {s.name}: {formatCount(s.lines.total)} lines, {formatCount(s.lines.rejected)} rejected, {formatRate(s.bytesPerSecond)}
        </li>
      ))}
    </ul>
  );
}
