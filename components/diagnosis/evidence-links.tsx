import Link from 'next/link';
import type { Finding } from '@/lib/analysis/diagnosis-schema';

/**
 * The links that open a finding's evidence: the lines behind it, the chart zoomed to it and, when probes ran
 * then, the probe strip under that chart. `testIds` names the lines and probe links for the page objects.
 */
export function EvidenceLinks({ finding: f, testIds }: { finding: Finding; testIds: { lines: string; probes: string } }) {
  return (
    <p className="flex flex-wrap gap-3 text-xs">
      <Link prefetch={false} className="text-accent hover:underline" href={f.evidence.lines} data-testid={testIds.lines}>The lines behind it</Link>
      <Link prefetch={false} className="text-accent hover:underline" href={f.evidence.chart}>Zoom the chart to it</Link>
      {f.evidence.probes > 0 && (
        <Link prefetch={false} className="text-accent hover:underline" href={`${f.evidence.chart}#probes`} data-testid={testIds.probes}>
          The probe results ({f.evidence.probes} {f.evidence.probes === 1 ? 'window' : 'windows'})
        </Link>
      )}
    </p>
  );
}
