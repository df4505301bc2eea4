import 'server-only';
import { z } from 'zod';
import { crossOriginRefusal } from '@/lib/access/cross-origin';
import { accessRefusal } from '@/lib/access/token';
import { GatewayLensError, type ErrorCode } from '@/lib/errors';

const httpStatus: Record<ErrorCode, number> = {
  not_found: 404,
  invalid_input: 400,
  too_large: 413,
  unsupported_format: 422,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  probe_target_refused: 403,
  rate_limited: 429,
  store_unavailable: 503,
  internal: 500,
};

/** The one place errors become HTTP: `{error: {code, message, details}}`. Unknown errors are logged, not shown. */
export function errorResponse(error: unknown): Response {
  if (error instanceof GatewayLensError) {
    return Response.json({ error: { code: error.code, message: error.message, details: error.details ?? {} } }, { status: httpStatus[error.code] });
  }
  if (error instanceof z.ZodError) {
    return Response.json(
      { error: { code: 'invalid_input', message: z.prettifyError(error), details: { issues: error.issues } } },
      { status: 400 },
    );
  }
  console.error('gateway-lens: unexpected error', error);
  return Response.json({ error: { code: 'internal', message: 'internal error; the server log has the details', details: {} } }, { status: 500 });
}

/**
 * Runs a handler body and shapes whatever it throws, once the request passed the guards every route has:
 * a change asked for by another site's page is refused, and with GATEWAY_LENS_TOKEN set so is a request
 * without the token or a session (`open` routes, such as signing in, skip that one).
 */
export async function handle(request: Request, body: () => Promise<Response>, options: { open?: boolean } = {}): Promise<Response> {
  try {
    const refusal = crossOriginRefusal(request.method, request.headers) ?? (options.open ? null : accessRefusal(process.env.GATEWAY_LENS_TOKEN, request.headers));
    if (refusal) throw refusal;
    return await body();
  } catch (error) {
    return errorResponse(error);
  }
}

export function queryParams(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
