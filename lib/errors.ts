/**
 * One error vocabulary for lib/: route handlers map `code` to an HTTP status, the CLI prints `message`.
 * Messages say what went wrong, where (file and line when there is one) and why.
 */
export const errorCodes = [
  'not_found',
  'invalid_input',
  'too_large',
  'unsupported_format',
  'conflict',
  /** No valid token or session while GATEWAY_LENS_TOKEN is set. */
  'unauthorized',
  /** A change asked for by another site's page (cross-site request forgery). */
  'forbidden',
  /** An active probe's target is outside what the incident's data names or the configuration allows. */
  'probe_target_refused',
  /** Too many active probes in the last minute. */
  'rate_limited',
  /** The store cannot be opened as configured (DATABASE_URL names an engine this version does not have). */
  'store_unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export class GatewayLensError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'GatewayLensError';
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, details?: Record<string, unknown>) =>
  new GatewayLensError('not_found', `${what} was not found`, details);

export const invalidInput = (message: string, details?: Record<string, unknown>) =>
  new GatewayLensError('invalid_input', message, details);
