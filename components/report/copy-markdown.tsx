'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { copyText } from '../ui/copy-text';

const LABELS = { idle: 'Copy Markdown', copied: 'Copied', failed: 'Copy refused: open Markdown', loading: 'Copy Markdown' } as const;

/**
 * Copies the report as Markdown, for pasting into the postmortem. The text is fetched with the page, not on
 * the click: a browser lets a page write the clipboard only just after the engineer's click.
 */
export function CopyMarkdown({ href }: { href: string }) {
  const { data: markdown } = useQuery({
    queryKey: ['report-markdown', href],
    queryFn: async () => {
      const response = await fetch(href);
      if (!response.ok) throw new Error(`${href} answered ${response.status}`);
      return response.text();
    },
  });
  const [state, setState] = useState<keyof typeof LABELS>('idle');
  async function copy() {
    if (markdown === undefined) return;
    const copied = await copyText(markdown);
    setState(copied ? 'copied' : 'failed');
    setTimeout(() => setState('idle'), copied ? 2000 : 4000);
  }
  return (
    <button type="button" className="text-accent hover:underline disabled:opacity-50" disabled={markdown === undefined} onClick={() => void copy()} data-testid="report-copy-markdown">
      {LABELS[markdown === undefined ? 'loading' : state]}
    </button>
  );
}
