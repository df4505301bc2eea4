import { getStore } from '@/app/_server/store';
import { handle, queryParams } from '@/app/_server/respond';
import { buildReport, reportMarkdown } from '@/lib/diagnosis/report';

/** The incident report as JSON, or as Markdown with `?format=markdown`. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  return handle(request, async () => {
    const { id } = await params;
    const report = await buildReport(await getStore(), id, `/incidents/${id}`);
    if (queryParams(request).format !== 'markdown') return Response.json(report);
    return new Response(reportMarkdown(report, new URL(request.url).origin), {
      headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': `attachment; filename="incident-${id}.md"` },
    });
  });
}
