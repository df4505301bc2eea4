'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { SourceSummary } from '@/lib/analysis/schema';
import { FormatChoices } from '../upload/format-choices';
import { incidentKeys } from '../data/incident-keys';
import { RangeFields } from '../upload/range-fields';
import { uploadFile } from '../upload/upload-file';

/**
 * Overrides detection or the range read: the user picks a format, a time range (empty for the whole file) and the
 * file again (the server keeps parsed rows, not the file), and the new reading replaces this source once it is stored.
 */
export function RereadSource({ incidentId, source, onDone }: { incidentId: string; source: SourceSummary; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [format, setFormat] = useState(source.format ?? '');
  const [range, setRange] = useState({ from: '', to: '' });
  const [message, setMessage] = useState<string | null>(null);

  async function reread(file: File | undefined) {
    if (!file) return;
    setMessage(`Reading ${file.name} as ${format}…`);
    try {
      await uploadFile(incidentId, file, () => undefined, { format, replaces: source.id, ...range });
      await queryClient.invalidateQueries({ queryKey: incidentKeys.detail(incidentId) });
      onDone();
    } catch (error) {
      setMessage((error as Error).message);
    }
  }

  return (
    <div className="mt-2 flex flex-wrap items-center gap-2 rounded-md bg-bg p-2" data-testid="reread-source">
      <label className="flex items-center gap-2">
        Read {source.name} as
        <select className="rounded border border-border bg-panel px-2 py-1" value={format} onChange={(e) => setFormat(e.target.value)}>
          <FormatChoices />
        </select>
      </label>
      <RangeFields value={range} onChange={setRange} fromHint="the start of the file" testIdPrefix="reread" />
      <label className="cursor-pointer rounded-md bg-accent px-3 py-1 text-white">
        Choose the file again…
        <input type="file" className="hidden" data-testid="reread-file" onChange={(e) => void reread(e.target.files?.[0])} />
      </label>
      {message && <span role="status" className="text-muted">{message}</span>}
    </div>
  );
}
