import { IncidentReportView } from '@/components/report/incident-report';
import { FILTER_KEYS } from '@/lib/store/selection';

/** The report of the selection in the link (its range and filters), or of the whole incident. */
export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const scope = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === 'string' && SCOPE_KEYS.includes(key)) scope.set(key, value);
  }
  return <IncidentReportView id={id} scope={scope.toString()} />;
}

const SCOPE_KEYS: readonly string[] = ['from', 'to', ...FILTER_KEYS];
