import type { SourceSummary } from '@/lib/analysis/schema';
import { SourceItem } from './source-item';

export function SourceList({ incidentId, sources }: { incidentId: string; sources: SourceSummary[] }) {
  if (sources.length === 0) return <p className="text-sm text-muted">No files yet.</p>;
  return (
    <ul className="space-y-2" data-testid="source-list">
      {sources.map((s) => (
        <SourceItem key={s.id ?? s.name} incidentId={incidentId} source={s} />
      ))}
    </ul>
  );
}
