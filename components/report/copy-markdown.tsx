'use client';

import { useQuery } from '@tanstack/react-query';
import { useCopy, type CopyState } from '../ui/use-copy';

const LABELS: Record<CopyState, string> = { idle: 'Copy Markdown', copied: 'Copied', failed: 'Copy refused: open Markdown' };

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
  const [state, copy] = useCopy();
  return (
    <button type="button" className="text-accent hover:underline disabled:opacity-50" disabled={markdown === undefined} onClick={() => markdown !== undefined && void copy(markdown)} data-testid="report-copy-markdown">
      {LABELS[state]}
    </button>
  );
}
