'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, sendJson } from '@/components/data/api';
import { safeNext } from '@/lib/access/next-path';

/** The token once, then back to the link the engineer opened, signed in for 30 days. */
export function SignInForm({ next }: { next: string | null }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await sendJson('/api/session', 'POST', { token });
      // A full load, not a client navigation: the server renders the page again, now with the session.
      window.location.assign(safeNext(next));
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="mx-auto mt-12 max-w-md space-y-3 rounded-md border border-border bg-panel p-6" data-testid="sign-in">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <p className="text-sm text-muted">This Gateway Lens asks for its token (the server&apos;s GATEWAY_LENS_TOKEN).</p>
      <label className="block text-sm">
        Token
        <input type="password" autoComplete="current-password" required autoFocus value={token} onChange={(e) => setToken(e.target.value)}
          className="mt-1 block w-full rounded border border-border bg-bg px-2 py-1" data-testid="sign-in-token" />
      </label>
      <button type="submit" disabled={pending} className="rounded bg-accent px-3 py-1 text-white" data-testid="sign-in-submit">Sign in</button>
      {error && <p role="alert" className="text-sm text-bad">{error}</p>}
    </form>
  );
}
