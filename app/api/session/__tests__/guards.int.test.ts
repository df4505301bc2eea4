import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The route handlers as Next runs them, on a real DuckDB file, with GATEWAY_LENS_TOKEN set.
const dataDir = mkdtempSync(join(tmpdir(), 'gateway-lens-guards-'));
process.env.GATEWAY_LENS_DATA_DIR = dataDir;
const TOKEN = 'a-long-random-token-for-tests';
process.env.GATEWAY_LENS_TOKEN = TOKEN;

const { GET: listIncidents, POST: createIncident } = await import('../../incidents/route');
const session = await import('../route');
const { getStore } = await import('@/app/_server/store');

afterAll(async () => {
  await (await getStore()).close();
  delete process.env.GATEWAY_LENS_TOKEN;
  rmSync(dataDir, { recursive: true, force: true });
});

const request = (method: string, headers: Record<string, string> = {}, body?: unknown) =>
  new Request('http://127.0.0.1:3000/api/incidents', { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
const signIn = (token: string) =>
  session.POST(new Request('http://127.0.0.1:3000/api/session', { method: 'POST', body: JSON.stringify({ token }), headers: { 'sec-fetch-site': 'same-origin' } }));

describe('with GATEWAY_LENS_TOKEN set', () => {
  it('answers 401 without the token, saying how to sign in, and serves a bearer of it', async () => {
    const refused = await listIncidents(request('GET'));
    expect(refused.status).toBe(401);
    expect((await refused.json()).error).toMatchObject({ code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
    expect((await listIncidents(request('GET', { authorization: 'Bearer wrong' }))).status).toBe(401);
    expect((await listIncidents(request('GET', { authorization: `Bearer ${TOKEN}` }))).status).toBe(200);
    const created = await createIncident(request('POST', { authorization: `Bearer ${TOKEN}` }, { title: 'pushed by curl' }));
    expect(created.status).toBe(201);
  });

  it('signs a browser in with the token: the session cookie then opens the API', async () => {
    expect(await (await session.GET(new Request('http://127.0.0.1:3000/api/session'))).json()).toEqual({ required: true, signedIn: false });
    const wrong = await signIn('not it');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const right = await signIn(TOKEN);
    expect(right.status).toBe(200);
    const cookie = right.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^gateway_lens_session=/);
    expect(cookie).not.toContain(TOKEN);
    const listed = await listIncidents(request('GET', { cookie }));
    expect(listed.status).toBe(200);
    expect((await listed.json()).incidents.map((i: { title: string }) => i.title)).toContain('pushed by curl');
    const out = await session.DELETE(new Request('http://127.0.0.1:3000/api/session', { method: 'DELETE' }));
    expect(out.headers.get('set-cookie')).toMatch(/^gateway_lens_session=; .*Max-Age=0/);
  });

  it("refuses a change asked for by another site's page even with a valid session", async () => {
    const cookie = (await signIn(TOKEN)).headers.get('set-cookie')!.split(';')[0]!;
    const forged = await createIncident(request('POST', { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, { title: 'forged' }));
    expect(forged.status).toBe(403);
    expect((await forged.json()).error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('POST from https://evil.example refused') });
    const own = await createIncident(request('POST', { cookie, 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }, { title: 'own page' }));
    expect(own.status).toBe(201);
  });

  it('stops taking sign-ins after ten wrong tokens in a minute, the right one too', async () => {
    // The test before made one wrong guess already: the tenth here is past the limit.
    for (let i = 0; i < 9; i++) expect((await signIn(`guess ${i}`)).status).toBe(401);
    const limited = await signIn(TOKEN);
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.message).toMatch(/too many wrong tokens in the last minute: try again in \d+ s/);
  });
});
