'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { WizardNote } from '@/lib/store/types';
import { apiJson, sendJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';
import { formatTime } from '../ui/format';

const labels: Record<WizardNote['conclusion'], string> = { confirmed: 'Confirmed', ruled_out: 'Ruled out', unsure: 'Unsure' };
const AUTHOR_KEY = 'gateway-lens-author';

export const wizardKey = (id: string) => [...incidentKeys.detail(id), 'wizard'] as const;

export function useWizardNotes(id: string) {
  return useQuery({ queryKey: wizardKey(id), queryFn: () => apiJson<{ notes: WizardNote[] }>(`/api/incidents/${id}/wizard`).then((r) => r.notes) });
}

/** What the engineer concluded at this step, and who; saved on the server, so the shared link shows it. */
export function StepConclusion({ id, step, notes }: { id: string; step: WizardNote['step']; notes: WizardNote[] }) {
  const queryClient = useQueryClient();
  const latest = notes.find((n) => n.step === step);
  const [conclusion, setConclusion] = useState<WizardNote['conclusion']>(latest?.conclusion ?? 'unsure');
  const [note, setNote] = useState(latest?.note ?? '');
  const [author, setAuthor] = useState(() => (typeof window === 'undefined' ? '' : (window.localStorage.getItem(AUTHOR_KEY) ?? '')));
  const save = useMutation({
    mutationFn: () => sendJson(`/api/incidents/${id}/wizard`, 'POST', { step, conclusion, note, author }),
    onSuccess: async () => {
      window.localStorage.setItem(AUTHOR_KEY, author);
      await queryClient.invalidateQueries({ queryKey: wizardKey(id) });
    },
  });
  return (
    <div className="mt-2 space-y-1 border-t border-border pt-2 text-xs" data-testid={`conclusion-${step}`}>
      {latest && (
        <p data-testid="latest-conclusion">
          <span className="font-medium">{labels[latest.conclusion]}</span> by {latest.author}, {formatTime(latest.updatedAt)}
          {latest.note && <span className="block whitespace-pre-wrap text-muted">{latest.note}</span>}
        </p>
      )}
      <form className="space-y-1" onSubmit={(e) => (e.preventDefault(), save.mutate())}>
        <div role="group" aria-label="Conclusion" className="flex gap-1">
          {(Object.keys(labels) as WizardNote['conclusion'][]).map((c) => (
            <button key={c} type="button" aria-pressed={conclusion === c} onClick={() => setConclusion(c)}
              className={`rounded border border-border px-2 py-0.5 ${conclusion === c ? 'bg-accent text-white' : 'bg-panel'}`}>
              {labels[c]}
            </button>
          ))}
        </div>
        <textarea className="h-12 w-full rounded border border-border bg-bg px-2 py-1" placeholder="What you saw" value={note} onChange={(e) => setNote(e.target.value)} data-testid="conclusion-note" />
        <div className="flex gap-1">
          <input className="flex-1 rounded border border-border bg-bg px-2 py-0.5" placeholder="Your name" value={author} onChange={(e) => setAuthor(e.target.value)} data-testid="conclusion-author" />
          <button type="submit" className="rounded bg-accent px-2 py-0.5 text-white" disabled={save.isPending} data-testid="conclusion-save">Save</button>
        </div>
        {save.error && <p role="alert" className="text-bad">{save.error.message}</p>}
      </form>
    </div>
  );
}
