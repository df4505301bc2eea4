import { GatewayLensError } from '../errors';

/** Methods that change something; the others only read, and the browser's same-origin policy guards what they answer. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request that would change something must be refused as coming from another site's page, or null.
 * Any page a browser shows can send a form or a simple fetch to http://127.0.0.1:3000 (a cross-site
 * request forgery), so changes are taken only from Gateway Lens's own pages and from clients that are not
 * browsers at all (curl, Vector, Fluent Bit send neither header below).
 *
 * The browser's own `Sec-Fetch-Site` decides when it is there (every current browser sends it): it cannot
 * be forged by a page and does not depend on the Host header a reverse proxy may rewrite. Older browsers
 * send only `Origin`, which then has to name this server's host.
 */
export function crossOriginRefusal(method: string, headers: Headers): GatewayLensError | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (site !== null) {
    return site === 'same-origin' || site === 'none' ? null : refusal(method, origin ?? `a ${site} page`);
  }
  if (origin === null) return null;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  return origin !== 'null' && hostOf(origin) === host ? null : refusal(method, origin);
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

const refusal = (method: string, from: string) =>
  new GatewayLensError(
    'forbidden',
    `${method.toUpperCase()} from ${from} refused: changes are taken only from Gateway Lens's own pages, or from clients that are not browsers (curl, Vector, Fluent Bit)`,
    { origin: from },
  );
