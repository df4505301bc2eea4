'use client';

import { useQueryClient } from '@tanstack/react-query';
import { apiJson } from '../data/api';
import { incidentKeys } from '../data/incident-keys';

export function RemoveSource({ incidentId, sourceId, name }: { incidentId: string; sourceId: number; name: string }) {
  const queryClient = useQueryClient();
  async function remove() {
    if (!window.confirm(`Remove ${name} and everything read from it from this incident?`)) return;
    try {
      await apiJson(`/api/incidents/${incidentId}/sources/${sourceId}`, { method: 'DELETE' });
    } catch (error) {
      window.alert(`${name} could not be removed: ${(error as Error).message}`);
    }
    await queryClient.invalidateQueries({ queryKey: incidentKeys.all });
  }
  return (
    <button type="button" className="text-muted hover:text-bad hover:underline" onClick={() => void remove()}>
      Remove
    </button>
  );
}
