import { DropZone } from '@/components/upload/drop-zone';
import { IncidentList } from '@/components/incidents/incident-list';

export default function HomePage() {
  return (
    <div className="space-y-8">
      <DropZone />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Incidents</h2>
        <IncidentList />
      </section>
    </div>
  );
}
