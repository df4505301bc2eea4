'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Annotation } from '@/lib/analysis/schema';
import { sendJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';
import { formatTime, fromZonedInput, type Zone } from '../ui/format';

/** Marks such as "deploy 14:02" that every chart of the incident draws. */
export function AnnotationsPanel({ id, annotations, zone }: { id: string; annotations: Annotation[]; zone: Zone }) {
  const queryClient = useQueryClient();
  const [label, setLabel] = useState('');
  const [time, setTime] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: incidentKeys.annotations(id) });
  const add = useMutation({
    mutationFn: (body: { time: number; label: string }) => sendJson(`/api/incidents/${id}/annotations`, 'POST', body),
    onSuccess: async () => {
      setLabel('');
      setTime('');
      await refresh();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({ mutationFn: (aid: string) => sendJson(`/api/incidents/${id}/annotations/${aid}`, 'DELETE'), onSuccess: refresh });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const at = fromZonedInput(time, zone);
    if (at === null || !label.trim()) return setError('Give a time and a label.');
    setError(null);
    add.mutate({ time: at, label: label.trim() });
  }

  return (
    <section className="rounded-lg border border-border bg-panel p-3 text-sm" data-testid="annotations">
      <h3 className="mb-2 font-medium">Annotations</h3>
      {annotations.length > 0 && (
        <ul className="mb-2 space-y-1">
          {annotations.map((a) => (
            <li key={a.id} className="flex items-center justify-between gap-2">
              <span>
                <span className="tabular-nums text-muted">{formatTime(a.time, zone)}</span> {a.label}
              </span>
              <button type="button" className="text-muted hover:text-bad" onClick={() => remove.mutate(a.id)} aria-label={`Remove annotation ${a.label}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <label className="grid gap-1">
          <span className="text-muted">Time ({zone === 'utc' ? 'UTC' : 'local'})</span>
          <input type="datetime-local" step={1} value={time} onChange={(e) => setTime(e.target.value)} className="rounded border border-border bg-bg px-2 py-1" data-testid="annotation-time" />
        </label>
        <label className="grid flex-1 gap-1">
          <span className="text-muted">Label</span>
          <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="deploy, config change…" className="rounded border border-border bg-bg px-2 py-1" data-testid="annotation-label" />
        </label>
        <button type="submit" className="rounded-md bg-accent px-3 py-1 text-white" data-testid="annotation-add">
          Mark
        </button>
      </form>
      {error && <p role="alert" className="mt-1 text-bad">{error}</p>}
    </section>
  );
}
