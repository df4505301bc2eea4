import { describe, expect, it } from 'vitest';
import { safeNext } from '../next-path';
import { accessRefusal, cookieValue, isSignedIn, sessionCookie, sessionValue, SignInLimiter } from '../token';

const TOKEN = 'correct horse battery staple';
const signedIn = (headers: Record<string, string>) => isSignedIn(TOKEN, new Headers(headers));

describe('isSignedIn', () => {
  it('asks for nothing while GATEWAY_LENS_TOKEN is unset', () => {
    expect(isSignedIn(undefined, new Headers())).toBe(true);
    expect(accessRefusal(undefined, new Headers())).toBeNull();
  });

  it('takes the token as a bearer header, and nothing close to it', () => {
    expect(signedIn({ authorization: `Bearer ${TOKEN}` })).toBe(true);
    expect(signedIn({ authorization: `bearer   ${TOKEN}` })).toBe(true);
    expect(signedIn({ authorization: `Bearer ${TOKEN}x` })).toBe(false);
    expect(signedIn({ authorization: `Bearer ${TOKEN.slice(0, -1)}` })).toBe(false);
    expect(signedIn({ authorization: `Basic ${TOKEN}` })).toBe(false);
    expect(signedIn({})).toBe(false);
  });

  it("takes the session cookie made from this token, not one made from another or the token itself", () => {
    expect(signedIn({ cookie: `theme=dark; gateway_lens_session=${sessionValue(TOKEN)}` })).toBe(true);
    expect(signedIn({ cookie: `gateway_lens_session=${sessionValue('another token')}` })).toBe(false);
    expect(signedIn({ cookie: `gateway_lens_session=${TOKEN}` })).toBe(false);
  });

  it('says how to sign in when refusing', () => {
    expect(accessRefusal(TOKEN, new Headers())).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('sign in at /login') });
  });
});

describe('the session cookie', () => {
  it('is HttpOnly and Lax (a pasted link opens signed in), Secure over https', () => {
    expect(sessionCookie(TOKEN, false)).toBe(`gateway_lens_session=${sessionValue(TOKEN)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=2592000`);
    expect(sessionCookie(TOKEN, true)).toMatch(/; Secure$/);
    expect(sessionValue(TOKEN)).not.toContain(TOKEN);
  });

  it('is found among the others of a Cookie header', () => {
    expect(cookieValue('a=1; gateway_lens_session=xyz; b=2', 'gateway_lens_session')).toBe('xyz');
    expect(cookieValue('not_gateway_lens_session=xyz', 'gateway_lens_session')).toBeNull();
    expect(cookieValue(null, 'gateway_lens_session')).toBeNull();
  });
});

describe('SignInLimiter', () => {
  it('allows ten wrong tokens a minute, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new SignInLimiter(10, () => now);
    for (let i = 0; i < 10; i++) {
      expect(limiter.retryAfter()).toBe(0);
      limiter.failed();
      now += 1000;
    }
    expect(limiter.retryAfter()).toBe(50);
    now += 50_000;
    expect(limiter.retryAfter()).toBe(0);
  });
});

describe('safeNext', () => {
  it('goes back to a path of this site, never to another site', () => {
    expect(safeNext('/incidents/abc?step=network')).toBe('/incidents/abc?step=network');
    for (const unsafe of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', null]) expect(safeNext(unsafe)).toBe('/');
  });
});
