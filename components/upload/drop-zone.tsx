'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useRef, useState, type DragEvent } from 'react';
import { apiJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';
import { droppedFiles, pickedFiles } from './dropped-files';
import { IngestProgress } from './ingest-progress';
import { uploadFile, type UploadProgress } from './upload-file';
import { noChoices, UploadOptions, type UploadChoices } from './upload-options';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; incidentId: string; file: string; loaded: number; total: number }
  | { kind: 'failed'; message: string; incidentUrl: string | null };

/**
 * Drop logs (or pick them). Without `incidentId` it opens a new incident and lands on its page when
 * every file is in; with one, it adds the files to that incident and refreshes its views.
 */
export function DropZone({ incidentId, onAdded }: { incidentId?: string; onAdded?: () => void } = {}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const [choices, setChoices] = useState<UploadChoices>(noChoices);

  async function start(files: File[]) {
    if (files.length === 0 || phase.kind === 'uploading') return;
    const title = files.map((f) => f.name).join(', ');
    let created: { id: string; url: string } | null = null;
    try {
      created = incidentId
        ? null
        : await apiJson<{ id: string; url: string }>('/api/incidents', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: title.slice(0, 200) }),
          });
      const id = incidentId ?? created!.id;
      // A file that cannot be read does not stop the others: each is stored or refused on its own.
      const refused: string[] = [];
      for (const file of files) {
        setPhase({ kind: 'uploading', incidentId: id, file: file.name, loaded: 0, total: file.size });
        const onProgress = ({ loaded, total }: UploadProgress) => setPhase({ kind: 'uploading', incidentId: id, file: file.name, loaded, total });
        await uploadFile(id, file, onProgress, choices).catch((error: Error) => refused.push(error.message));
      }
      const stored = files.length - refused.length;
      if (created && stored === 0) {
        // Nothing of this drop was stored: no empty incident is left behind on the home page.
        await apiJson(`/api/incidents/${created.id}`, { method: 'DELETE' });
        created = null;
      }
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
      if (refused.length) {
        const summary = stored ? `${stored} of ${files.length} files stored; not stored:\n` : files.length > 1 ? 'Nothing was stored:\n' : '';
        setPhase({ kind: 'failed', message: summary + refused.join('\n'), incidentUrl: created?.url ?? null });
        if (stored) onAdded?.();
      } else if (created) router.push(created.url);
      else {
        setPhase({ kind: 'idle' });
        onAdded?.();
      }
    } catch (error) {
      setPhase({ kind: 'failed', message: (error as Error).message, incidentUrl: created?.url ?? null });
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void droppedFiles(event.dataTransfer).then(start, (error: Error) => setPhase({ kind: 'failed', message: `Could not read the dropped folder: ${error.message}`, incidentUrl: null }));
  }

  const percent = phase.kind === 'uploading' && phase.total > 0 ? Math.round((100 * phase.loaded) / phase.total) : 0;
  return (
    <section
      data-testid="drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`rounded-lg border-2 border-dashed text-center ${incidentId ? 'p-4' : 'p-8'} transition-colors ${dragging ? 'border-accent bg-accent/5' : 'border-border bg-panel'}`}
    >
      <p className="text-lg font-medium">{incidentId ? 'Drop more logs here to add them to this incident' : 'Drop gateway logs here to open an incident'}</p>
      <p className="mt-1 text-sm text-muted">Access and error logs of nginx, ingress-nginx, Envoy/Istio, HAProxy, Traefik, Caddy, AWS ALB/ELB or Google Cloud load balancers, and probe or health-check results; plain or gzip, the format is detected. Several files, or a folder of them, at once are fine.</p>
      <button
        type="button"
        onClick={() => input.current?.click()}
        disabled={phase.kind === 'uploading'}
        className="mt-4 rounded-md bg-accent px-4 py-2 text-sm font-medium text-white hover:opacity-90 disabled:opacity-50"
      >
        Choose files…
      </button>
      <button
        type="button"
        onClick={() => folderInput.current?.click()}
        disabled={phase.kind === 'uploading'}
        className="mt-4 ml-2 rounded-md border border-border px-4 py-2 text-sm font-medium text-accent hover:bg-accent/5 disabled:opacity-50"
      >
        Choose a folder…
      </button>
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        multiple
        className="hidden"
        onChange={(e) => void start([...(e.target.files ?? [])])}
      />
      <input
        ref={folderInput}
        data-testid="folder-input"
        type="file"
        // A folder copied off the gateway, every log in it (React passes the attribute through as written).
        {...{ webkitdirectory: '' }}
        className="hidden"
        onChange={(e) => void start(pickedFiles(e.target.files))}
      />
      <UploadOptions value={choices} onChange={setChoices} />
      {phase.kind === 'uploading' && (
        <div className="mx-auto mt-4 max-w-md text-left" data-testid="upload-progress">
          <div className="flex justify-between text-sm">
            <span className="truncate">Uploading {phase.file}</span>
            <span>{percent}% sent</span>
          </div>
          <div className="mt-1 h-2 overflow-hidden rounded bg-border" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <IngestProgress incidentId={phase.incidentId} file={{ name: phase.file, size: phase.total }} />
        </div>
      )}
      {phase.kind === 'failed' && (
        <p role="alert" data-testid="upload-error" className="mx-auto mt-4 max-w-2xl whitespace-pre-wrap text-left text-sm text-bad">
          {phase.message}
          {phase.incidentUrl && (
            <>
              {' '}
              <Link href={phase.incidentUrl} className="text-accent underline">
                Open the incident
              </Link>{' '}
              to see what was stored and add other files.
            </>
          )}
        </p>
      )}
    </section>
  );
}
