import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { buildReport, reportMarkdown } from '@/lib/diagnosis/report';
import { SelectionQuery } from '../../schema';

/** The incident report as JSON, or as Markdown with `?format=markdown`; of the selection the filters give, or all of it. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const { format, ...query } = queryParams(request);
    const report = await buildReport(await getStore(), id, `/incidents/${id}`, SelectionQuery.parse(query));
    if (format !== 'markdown') return Response.json(report);
    return new Response(reportMarkdown(report, new URL(request.url).origin), {
      headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="incident-${id}.md"` },
    });
  });
}
