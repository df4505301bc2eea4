import { IncidentReportView } from '@/components/report/incident-report';

/** The report of the selection in the link (from, to, pool, server, status, cause, host, path, endpoint), or of the whole incident. */
export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const scope = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === 'string' && SCOPE_KEYS.includes(key)) scope.set(key, value);
  }
  return <IncidentReportView id={id} scope={scope.toString()} />;
}

const SCOPE_KEYS = ['from', 'to', 'pool', 'server', 'status', 'cause', 'host', 'path', 'endpoint'];
