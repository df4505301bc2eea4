'use client';

import type { FindingGroup } from '@/lib/diagnosis/group-findings';
import { EvidenceLinks } from './evidence-links';

/**
 * Each stretch of a server that kept failing, with the lines behind it and the chart zoomed to it: folded
 * under the group's sentence, which the worst stretch's evidence and commands follow.
 */
export function StretchesList({ group }: { group: FindingGroup }) {
  if (group.findings.length < 2) return null;
  return (
    <details className="text-xs" data-testid="stretches">
      <summary className="cursor-pointer text-muted">Each of the {group.findings.length} stretches, worst first</summary>
      <ol className="mt-1 space-y-1">
        {group.findings.map((f, i) => (
          <li key={i} data-testid="stretch">
            <p>{f.sentence}</p>
            <EvidenceLinks finding={f} testIds={{ lines: 'stretch-lines', probes: 'stretch-probe-results' }} />
          </li>
        ))}
      </ol>
    </details>
  );
}
