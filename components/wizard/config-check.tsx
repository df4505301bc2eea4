'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { ConfigPoint } from '@/lib/diagnosis/config/check-nginx-config';
import { apiJson } from '../data/api';

/** Step 4: paste the gateway's configuration and see which settings make the observed failures likely. */
export function ConfigCheck({ id }: { id: string }) {
  const [config, setConfig] = useState('');
  const check = useMutation({
    mutationFn: () => apiJson<{ kind: 'nginx' | 'haproxy'; points: ConfigPoint[]; errors: string[] }>(`/api/incidents/${id}/config`, { method: 'POST', body: config, headers: { 'content-type': 'text/plain' } }),
  });
  return (
    <details className="mt-2 text-xs" data-testid="config-check">
      <summary className="cursor-pointer text-accent">Check the gateway configuration (nginx or HAProxy)…</summary>
      <textarea className="mt-1 h-24 w-full rounded border border-border bg-bg p-1 font-mono" placeholder="Paste the output of nginx -T, or haproxy.cfg" value={config} onChange={(e) => setConfig(e.target.value)} data-testid="config-text" />
      <button type="button" className="rounded bg-accent px-2 py-0.5 text-white" onClick={() => check.mutate()} disabled={check.isPending} data-testid="config-submit">Check</button>
      {check.error && <p role="alert" className="text-bad">{check.error.message}</p>}
      {check.data && (
        <ul className="mt-1 space-y-1" data-testid="config-points">
          <li className="text-muted" data-testid="config-kind">Read as {check.data.kind === 'haproxy' ? 'an HAProxy' : 'an nginx'} configuration.</li>
          {check.data.errors.map((e) => <li key={e} className="text-warn">{e}</li>)}
          {check.data.points.length === 0 && <li className="text-muted">No setting here makes the observed failures likely.</li>}
          {check.data.points.map((p) => (
            <li key={`${p.line}-${p.directive}`} className={p.relevant ? '' : 'text-muted'}>
              <span className="font-mono">line {p.line}: {p.directive}</span> — {p.why}. <span className="italic">{p.evidence}.</span>
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
