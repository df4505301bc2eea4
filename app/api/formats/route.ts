import { handle } from '@/app/_server/respond';
import { formats } from '@/lib/formats';

/** The formats Gateway Lens reads, for the "read as" choice. */
export async function GET(request: Request) {
  return handle(request, async () =>
    Response.json({ formats: formats.map(({ id, label, gateway, needsContext }) => ({ id, label, gateway, needsContext: needsContext ?? {} })) }),
  );
}
