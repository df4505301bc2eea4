'use client';

import { useCopy, type CopyState } from './use-copy';

const LABELS: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Copy refused: select the text' };

/**
 * Commands to run next, as text to paste into a shell on the host: with a Copy button, since at 3 a.m. the
 * engineer pastes them rather than retypes them (the comments after # are harmless in a shell).
 */
export function CommandsBlock({ commands, testId }: { commands: readonly string[]; testId?: string }) {
  const [state, copy] = useCopy();
  const text = commands.join('\n');
  return (
    <div className="rounded bg-bg" data-testid={testId}>
      <div className="flex justify-end px-2 pt-1">
        <button type="button" onClick={() => void copy(text + '\n')} data-testid="copy-commands" className="text-xs text-accent hover:underline">
          {LABELS[state]}
        </button>
      </div>
      <pre className="overflow-x-auto px-2 pb-2 font-mono">{text}</pre>
    </div>
  );
}
