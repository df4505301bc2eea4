import { IncidentReportView } from '@/components/report/incident-report';

export default async function ReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IncidentReportView id={id} />;
}
