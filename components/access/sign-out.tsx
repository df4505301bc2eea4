'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { sendJson, apiJson } from '@/components/data/api';

/** "Sign out", shown only where the server asks for a token and this browser is signed in. */
export function SignOut() {
  const router = useRouter();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    apiJson<{ required: boolean; signedIn: boolean }>('/api/session')
      .then((s) => setShown(s.required && s.signedIn))
      .catch(() => setShown(false));
  }, []);
  if (!shown) return null;
  async function signOut() {
    await sendJson('/api/session', 'DELETE');
    setShown(false);
    router.push('/login');
  }
  return (
    <button type="button" onClick={signOut} className="ml-auto rounded border border-border px-2 py-0.5 text-sm" data-testid="sign-out">
      Sign out
    </button>
  );
}
