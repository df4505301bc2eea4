import { describe, expect, it } from 'vitest';
import { crossOriginRefusal } from '../cross-origin';

const refused = (method: string, headers: Record<string, string>) => crossOriginRefusal(method, new Headers(headers));

describe('crossOriginRefusal', () => {
  it('lets every read through, whoever asks', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(refused(method, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).toBeNull();
  });

  it("takes changes from the app's own pages and from what the user typed or bookmarked", () => {
    expect(refused('POST', { 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).toBeNull();
    expect(refused('DELETE', { 'sec-fetch-site': 'none' })).toBeNull();
  });

  it("refuses changes from another site's page, same-site ones too, whatever Origin and Host say", () => {
    const error = refused('POST', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', host: 'evil.example' });
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^POST from https:\/\/evil\.example refused: changes are taken only from Gateway Lens's own pages/) });
    expect(refused('PATCH', { 'sec-fetch-site': 'same-site', origin: 'https://wiki.corp.example' })?.code).toBe('forbidden');
    expect(refused('delete', { 'sec-fetch-site': 'cross-site' })?.message).toMatch(/^DELETE from a cross-site page refused/);
  });

  it('behind a proxy that rewrites Host, trusts the browser rather than the Host header', () => {
    expect(refused('POST', { 'sec-fetch-site': 'same-origin', origin: 'https://lens.corp.example', host: '127.0.0.1:3000' })).toBeNull();
  });

  it('without Sec-Fetch-Site (older browsers), wants Origin to name this host', () => {
    expect(refused('POST', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' })).toBeNull();
    expect(refused('POST', { origin: 'https://lens.corp.example', host: '127.0.0.1:3000', 'x-forwarded-host': 'lens.corp.example' })).toBeNull();
    expect(refused('POST', { origin: 'https://evil.example', host: '127.0.0.1:3000' })?.code).toBe('forbidden');
    expect(refused('POST', { origin: 'null', host: '127.0.0.1:3000' })?.code).toBe('forbidden');
  });

  it('takes changes from clients that are not browsers (curl, Vector, Fluent Bit send neither header)', () => {
    expect(refused('POST', { host: '127.0.0.1:3000', 'content-type': 'application/x-ndjson' })).toBeNull();
  });
});
