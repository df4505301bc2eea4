import { handle } from '@/app/_server/respond';
import { isSignedIn, sessionCookie, signedOutCookie, SignInLimiter, tokenMatches } from '@/lib/access/token';
import { GatewayLensError } from '@/lib/errors';
import { SignInBody } from './schema';

const limiter = new SignInLimiter();
const token = () => process.env.GATEWAY_LENS_TOKEN || undefined;

/** Whether this server asks for a token, and whether the request has it: `{required, signedIn}`. */
export async function GET(request: Request) {
  return handle(request, async () => Response.json({ required: token() !== undefined, signedIn: isSignedIn(token(), request.headers) }), { open: true });
}

/** Signs a browser in: `{"token"}` gets the session cookie. */
export async function POST(request: Request) {
  return handle(request, async () => {
    const expected = token();
    if (expected === undefined) return Response.json({ required: false, signedIn: true });
    const wait = limiter.retryAfter();
    if (wait > 0) throw new GatewayLensError('rate_limited', `too many wrong tokens in the last minute: try again in ${wait} s`, { retryAfterSeconds: wait });
    const { token: given } = SignInBody.parse(await request.json().catch(() => ({})));
    if (!tokenMatches(expected, given)) {
      limiter.failed();
      throw new GatewayLensError('unauthorized', "that is not this server's token (GATEWAY_LENS_TOKEN)");
    }
    const secure = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
    return Response.json({ required: true, signedIn: true }, { headers: { 'set-cookie': sessionCookie(expected, secure) } });
  }, { open: true });
}

/** Signs a browser out. */
export async function DELETE(request: Request) {
  return handle(request, async () => Response.json({ required: token() !== undefined, signedIn: false }, { headers: { 'set-cookie': signedOutCookie() } }), { open: true });
}
