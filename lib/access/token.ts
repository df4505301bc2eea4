import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { GatewayLensError } from '../errors';

/**
 * GATEWAY_LENS_TOKEN turns on authentication (DESIGN section 9). Scripts and shippers send the token as
 * `Authorization: Bearer <token>`; a browser signs in once and then carries a session cookie whose value
 * is derived from the token, so the token itself never sits in the cookie jar, and changing the token
 * signs every browser out.
 */
export const SESSION_COOKIE = 'gateway_lens_session';
/** How long a browser stays signed in. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600;

export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('gateway-lens session v1').digest('base64url');
}

/** Compares digests, not the strings: the time taken says nothing about how much of a guess was right. */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export const tokenMatches = (token: string, given: string) => same(token, given);

/** The value of one cookie in a Cookie header, or null. */
export function cookieValue(cookieHeader: string | null, name: string): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Whether the request carries the token or a session made from it. Always true without a token. */
export function isSignedIn(token: string | undefined, headers: Headers): boolean {
  if (!token) return true;
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]?.trim();
  if (bearer !== undefined && tokenMatches(token, bearer)) return true;
  const session = cookieValue(headers.get('cookie'), SESSION_COOKIE);
  return session !== null && same(sessionValue(token), session);
}

export function accessRefusal(token: string | undefined, headers: Headers): GatewayLensError | null {
  if (isSignedIn(token, headers)) return null;
  return new GatewayLensError(
    'unauthorized',
    'this Gateway Lens asks for its token: sign in at /login, or send the header "Authorization: Bearer <GATEWAY_LENS_TOKEN>"',
  );
}

/** The Set-Cookie value that signs a browser in. Lax, not Strict: a link pasted in the channel must open signed in. */
export function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_SECONDS}${secure ? '; Secure' : ''}`;
}

export const signedOutCookie = () => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

/**
 * Wrong tokens allowed per minute, for the whole server: enough for a person mistyping, far too few for
 * guessing. Past it, sign-ins are refused until the minute is over, the right token too.
 */
export class SignInLimiter {
  private failures: number[] = [];

  constructor(
    private readonly perMinute = 10,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until a sign-in may be tried again, or 0. */
  retryAfter(): number {
    const now = this.now();
    this.failures = this.failures.filter((t) => now - t < 60_000);
    return this.failures.length < this.perMinute ? 0 : Math.ceil((this.failures[0]! + 60_000 - now) / 1000);
  }

  failed(): void {
    this.failures.push(this.now());
  }
}
