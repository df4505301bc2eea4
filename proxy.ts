import { NextResponse, type NextRequest } from 'next/server';
import { isSignedIn } from '@/lib/access/token';

/**
 * With GATEWAY_LENS_TOKEN set, a page opened without a session goes to the sign-in page, which brings the
 * engineer back to the link they opened. API routes guard themselves (app/_server/respond.ts): running
 * Proxy on them would make Next buffer upload bodies for it.
 */
export function proxy(request: NextRequest) {
  if (isSignedIn(process.env.GATEWAY_LENS_TOKEN || undefined, request.headers)) return NextResponse.next();
  const login = new URL('/login', request.url);
  login.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/|_next/static|_next/image|icon.svg|favicon.ico|login).*)'],
};
