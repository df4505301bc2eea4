'use client';

import { useState } from 'react';
import { copyText } from './copy-text';

export type CopyState = 'idle' | 'copied' | 'failed';

/** A copy button's state: copied or refused for a moment (longer for a refusal, which needs reading), then idle. */
export function useCopy(): [CopyState, (text: string) => Promise<void>] {
  const [state, setState] = useState<CopyState>('idle');
  async function copy(text: string) {
    const copied = await copyText(text);
    setState(copied ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), copied ? 2000 : 4000);
  }
  return [state, copy];
}
