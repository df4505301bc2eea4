import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

// The route handlers run as Next runs them: Web Request in, Response out, on a real DuckDB file.
const dataDir = mkdtempSync(join(tmpdir(), 'gateway-lens-route-'));
process.env.GATEWAY_LENS_DATA_DIR = dataDir;
const fixtures = join(__dirname, '../../../../../../e2e/fixtures');

const { POST: createIncident } = await import('../../../route');
const { POST: upload, GET: listSources } = await import('../route');
const { GET: upstreams } = await import('../../upstreams/route');
const { getStore } = await import('@/app/_server/store');

const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function newIncident(): Promise<string> {
  const response = await createIncident(new Request('http://x/api/incidents', { method: 'POST', body: JSON.stringify({ title: 'route test' }) }));
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

function post(id: string, body: BodyInit, query = 'name=access.log'): Promise<Response> {
  return upload(new Request(`http://x/api/incidents/${id}/sources?${query}`, { method: 'POST', body, duplex: 'half' } as RequestInit), ctx(id));
}

afterAll(async () => {
  await (await getStore()).close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('POST /api/incidents/{id}/sources', () => {
  it('streams a gzip log into the store and answers the ingestion summary', async () => {
    const id = await newIncident();
    const log = readFileSync(join(fixtures, 'corpus/nginx-media-reset-close/access.log'));
    const response = await post(id, gzipSync(log), 'name=access.log.gz');
    expect(response.status).toBe(201);
    const { sources } = await response.json();
    expect(sources).toEqual([
      expect.objectContaining({
        name: 'access.log.gz', format: 'nginx_upstream_timed', gateway: 'nginx', state: 'done',
        lines: { total: 1788, parsed: 1788, rejected: 0, foreign: 0, joined: 0, outside: 0 }, from: '2026-11-25T00:37:15.000Z', to: '2026-11-25T00:38:14.000Z',
      }),
    ]);
    const tables = await (await upstreams(new Request(`http://x/api/incidents/${id}/upstreams`), ctx(id))).json();
    expect(tables.pools).toEqual([
      { pool: 'media', requests: 894, statuses: { '200': 894 } },
      { pool: 'search', requests: 894, statuses: { '200': 774, '504': 120 } },
    ]);
    const listed = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    expect(listed.sources).toHaveLength(1);
  });

  it('answers 422 unsupported_format, naming the file, for a file that is not a log, and stores nothing', async () => {
    const id = await newIncident();
    const response = await post(id, 'just some text\nnot a log\n', 'name=notes.txt');
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('unsupported_format');
    expect(error.message).toMatch(/^notes\.txt: no known log format fits/);
    const listed = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    expect(listed.sources).toEqual([]);
  });

  it('says what a file compressed by another tool than gzip is and what to run, and of an empty file that it is empty, storing neither', async () => {
    const id = await newIncident();
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(fixtures, 'compressed/access.log.zst'))]), 'access.log.2.zst');
    form.append('file', new Blob([]), 'error.log');
    form.append('file', new Blob([readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'))]), 'access.log');
    const response = await post(id, form);
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body.sources.map((s: { name: string }) => s.name)).toEqual(['access.log']);
    expect(body.errors).toEqual([
      expect.objectContaining({ name: 'access.log.2.zst', code: 'unsupported_format', message: expect.stringContaining('access.log.2.zst: zstd-compressed data, which Gateway Lens does not read (it reads plain text and gzip): decompress it first (zstd -d access.log.2.zst)') }),
      expect.objectContaining({ name: 'error.log', code: 'invalid_input', message: 'error.log: no lines to read: the file is empty or holds only blank lines; nothing of it was stored' }),
    ]);
    const listed = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    expect(listed.sources.map((s: { name: string }) => s.name)).toEqual(['access.log']);
  });

  it('answers 404 not_found for an unknown incident', async () => {
    const response = await post('no-such-incident', 'x');
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });

  it('answers 422 for an unknown ?format= with the known ones listed', async () => {
    const id = await newIncident();
    const response = await post(id, 'x', 'name=a.log&format=apache');
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toContain('nginx_upstream_timed');
  });
});

describe('POST /api/incidents/{id}/sources with several files or pushed lines', () => {
  it('reads every file of a multipart body as its own source, and says which one failed and why', async () => {
    const id = await newIncident();
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'))]), 'checkout.log');
    form.append('file', new Blob([gzipSync(readFileSync(join(fixtures, 'nginx-upstream/access.log')))]), 'edge.log.gz');
    form.append('file', new Blob(['not a log at all\n']), 'notes.txt');
    const response = await post(id, form);
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body.sources.map((s: { name: string; format: string }) => [s.name, s.format])).toEqual([
      ['checkout.log', 'nginx_upstream_timed'],
      ['edge.log.gz', 'nginx_upstream'],
    ]);
    expect(body.errors).toEqual([expect.objectContaining({ name: 'notes.txt', code: 'unsupported_format' })]);
  });

  it('takes newline-delimited JSON pushed by a shipper, each batch a source of its stream', async () => {
    const id = await newIncident();
    const lines = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'), 'utf8').trimEnd().split('\n');
    const batch = (from: number, to: number) => lines.slice(from, to).map((message) => JSON.stringify({ message, host: 'edge-1' })).join('\n');
    const first = await post(id, batch(0, 1000), 'name=vector&stream=edge');
    expect(first.status).toBe(201);
    const second = await post(id, batch(1000, lines.length), 'name=vector&stream=edge');
    expect(second.status).toBe(201);
    const tables = await (await upstreams(new Request(`http://x/api/incidents/${id}/upstreams`), ctx(id))).json();
    expect(tables.pools.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(lines.length);
    const listed = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    expect(listed.sources.map((s: { stream: string; envelope: string; format: string }) => [s.stream, s.envelope, s.format])).toEqual([
      ['edge', 'vector-json', 'nginx_upstream_timed'],
      ['edge', 'vector-json', 'nginx_upstream_timed'],
    ]);
  });
});

describe('re-reading and removing a source', () => {
  it('re-reads a file with a format the user chose, replacing the first reading only once the new one is stored', async () => {
    const { DELETE: removeSource } = await import('../[sourceId]/route');
    const id = await newIncident();
    const log = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'));
    const first = (await (await post(id, log)).json()).sources[0];
    // The same bytes again are recognised, not counted twice...
    const again = await (await post(id, log)).json();
    expect(again.sources[0].duplicateOf).toBe(first.id);
    // ...unless they replace the first reading: a format that cannot read the file leaves the first intact,
    const refused = await post(id, log, `name=access.log&format=nginx_combined&replaces=${first.id}`);
    expect(refused.status).toBe(422);
    let listed = (await (await listSources(new Request('http://x'), ctx(id))).json()).sources;
    expect(listed.filter((s: { state: string }) => s.state === 'done').map((s: { id: number }) => s.id)).toEqual([first.id]);
    // and one that can replaces it.
    const replaced = await post(id, log, `name=access.log&format=nginx_upstream_timed&replaces=${first.id}`);
    expect(replaced.status).toBe(201);
    const second = (await replaced.json()).sources[0];
    listed = (await (await listSources(new Request('http://x'), ctx(id))).json()).sources;
    expect(listed.filter((s: { state: string }) => s.state === 'done').map((s: { id: number }) => s.id)).toEqual([second.id]);
    const tables = await (await upstreams(new Request(`http://x/api/incidents/${id}/upstreams`), ctx(id))).json();
    expect(tables.pools.reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(1788);

    const removed = await removeSource(new Request('http://x', { method: 'DELETE' }), { params: Promise.resolve({ id, sourceId: String(second.id) }) });
    expect(removed.status).toBe(204);
    const empty = await (await upstreams(new Request(`http://x/api/incidents/${id}/upstreams`), ctx(id))).json();
    expect(empty.pools).toEqual([]);
    const missing = await removeSource(new Request('http://x', { method: 'DELETE' }), { params: Promise.resolve({ id, sourceId: String(second.id) }) });
    expect(missing.status).toBe(404);
  });

  it('takes a zone option and refuses one that is not a UTC offset', async () => {
    const id = await newIncident();
    const response = await post(id, readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log')), 'name=a.log&tz=%2B02:00');
    expect(response.status).toBe(201);
    const bad = await post(id, 'x', 'name=a.log&tz=Mars');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('tz "Mars" is not a UTC offset');
  });
});

describe('a time range (?from=&to=, as the CLI\'s --from and --to)', () => {
  it('stores only the requests of that range, counts the others and says so, and refuses a time without a zone or a reversed range', async () => {
    const { GET: headline } = await import('../../headline/route');
    const log = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'));
    const [from, to] = ['2026-11-25T00:35:00Z', String(Date.parse('2026-11-25T00:35:20Z'))];
    const requests = async (id: string, query = '') => (await (await headline(new Request(`http://x/api/incidents/${id}/headline?${query}`), ctx(id))).json()).requests;
    const whole = await newIncident();
    expect((await post(whole, log)).status).toBe(201);
    const inRange = await requests(whole, `from=${Date.parse(from)}&to=${to}`);
    const ranged = await newIncident();
    const response = await post(ranged, log, `name=access.log&from=${from}&to=${to}`);
    expect(response.status).toBe(201);
    const [source] = (await response.json()).sources;
    expect(inRange).toBeGreaterThan(0);
    expect(await requests(ranged)).toBe(inRange);
    expect(source.lines).toMatchObject({ total: log.toString().trimEnd().split('\n').length, parsed: inRange, outside: await requests(whole) - inRange });
    const [listed] = (await (await listSources(new Request(`http://x/api/incidents/${ranged}/sources`), ctx(ranged))).json()).sources;
    expect(listed.lines.outside).toBe(source.lines.outside);
    expect(listed.notes).toBe(`${source.lines.outside} lines outside the range read (2026-11-25T00:35:00.000Z to 2026-11-25T00:35:20.000Z; error lines: 15 minutes around it), counted by their time, not stored`);
    const noZone = await post(ranged, log, 'name=b.log&from=2026-11-25%2000:35:00');
    expect(noZone.status).toBe(400);
    expect((await noZone.json()).error.message).toContain('from "2026-11-25 00:35:00" is not a time: it must be UTC epoch milliseconds or an ISO 8601 time with its zone');
    const reversed = await post(ranged, log, `name=b.log&from=${to}&to=${from}`);
    expect(reversed.status).toBe(400);
    expect((await reversed.json()).error.message).toBe(`to (${from}) must be after from (${to})`);
    expect((await (await listSources(new Request(`http://x/api/incidents/${ranged}/sources`), ctx(ranged))).json()).sources).toHaveLength(1);
  });
});

describe('the API and the CLI speak the same analysis object', () => {
  it('answers /upstreams, /headline and /series with exactly what analyze --json computes for the same file', async () => {
    const { analyzeFiles } = await import('@/lib/cli/analyze-files');
    const { GET: headline } = await import('../../headline/route');
    const { GET: series } = await import('../../series/route');
    const path = join(fixtures, 'corpus/nginx-media-reset-close/access.log');
    const id = await newIncident();
    expect((await post(id, readFileSync(path))).status).toBe(201);
    const cli = await analyzeFiles([path]);
    const get = async (handler: typeof upstreams, what: string) => (await handler(new Request(`http://x/api/incidents/${id}/${what}`), ctx(id))).json();
    const api = await get(upstreams, 'upstreams');
    expect(api).toEqual({ pools: cli.pools, upstreams: cli.upstreams });
    expect(await get(headline, 'headline')).toEqual(cli.headline);
    expect(await get(series, 'series')).toEqual(cli.series);
  });
});

describe('selecting an endpoint (?endpoint=, what a top endpoint clicked selects)', () => {
  it('selects the paths of that endpoint exactly, and refuses a value that is not one with a 400 naming the rule', async () => {
    const { GET: headline } = await import('../../headline/route');
    const id = await newIncident();
    expect((await post(id, readFileSync(join(fixtures, 'caddy/access.log')))).status).toBe(201);
    const requests = async (query: string) => (await (await headline(new Request(`http://x/api/incidents/${id}/headline?${query}`), ctx(id))).json()).requests;
    // The fixture's root page "/", requested twice, is its own endpoint; the path prefix "/" is every request.
    expect(await requests('endpoint=/')).toBe(2);
    expect(await requests('path=/')).toBeGreaterThan(2);
    expect(await requests('endpoint=/close/item')).toBe(await requests('path=/close/item'));
    const refused = await headline(new Request(`http://x/api/incidents/${id}/headline?endpoint=/close/item/1`), ctx(id));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('endpoint must be a path\'s first one or two segments') } });
  });
});

describe('upload limits (GATEWAY_LENS_MAX_UPLOAD_BYTES, GATEWAY_LENS_MAX_GZIP_RATIO)', () => {
  const checkout = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'));
  async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
    Object.assign(process.env, env);
    try {
      return await run();
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  }
  const requestsOf = async (id: string) => (await (await upstreams(new Request(`http://x/api/incidents/${id}/upstreams`), ctx(id))).json()).pools;

  it('answers 413 too_large for a body over the size limit and stores nothing of it', async () => {
    const id = await newIncident();
    const response = await withEnv({ GATEWAY_LENS_MAX_UPLOAD_BYTES: String(checkout.length - 1) }, () => post(id, checkout));
    expect(response.status).toBe(413);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: 'too_large', message: `access.log: larger than the server's limit of ${checkout.length - 1} bytes a file (GATEWAY_LENS_MAX_UPLOAD_BYTES); nothing of it was stored` });
    expect(await requestsOf(id)).toEqual([]);
    const ok = await withEnv({ GATEWAY_LENS_MAX_UPLOAD_BYTES: String(checkout.length) }, () => post(id, checkout));
    expect(ok.status).toBe(201);
  });

  it('reads every file of a multipart body under the limit, and says which one was over it', async () => {
    const id = await newIncident();
    const form = new FormData();
    form.append('file', new Blob([checkout]), 'checkout.log');
    form.append('file', new Blob([checkout, checkout]), 'twice.log');
    form.append('file', new Blob([checkout.toString().replaceAll('00:3', '01:3')]), 'later.log');
    // Sent in pieces, as a browser streams it.
    const encoded = new Response(form);
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const pieces = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.subarray(i, i + 16 * 1024));
        controller.close();
      },
    });
    const request = new Request(`http://x/api/incidents/${id}/sources`, {
      method: 'POST', body: pieces, duplex: 'half', headers: { 'content-type': encoded.headers.get('content-type')! },
    } as RequestInit);
    const response = await withEnv({ GATEWAY_LENS_MAX_UPLOAD_BYTES: String(Math.round(checkout.length * 1.5)) }, () => upload(request, ctx(id)));
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body.sources.map((s: { name: string }) => s.name)).toEqual(['checkout.log', 'later.log']);
    expect(body.errors).toEqual([expect.objectContaining({ name: 'twice.log', code: 'too_large' })]);
    expect((await requestsOf(id)).reduce((n: number, p: { requests: number }) => n + p.requests, 0)).toBe(2 * checkout.toString().trimEnd().split('\n').length);
  });

  it('refuses gzip data that expands past the ratio limit as a possible gzip bomb, and reads a real gzip log under it', async () => {
    const id = await newIncident();
    const line = checkout.toString().split('\n')[0] + '\n';
    const bomb = gzipSync(line.repeat(Math.ceil((80 * 1024 * 1024) / line.length)));
    const response = await post(id, bomb, 'name=bomb.log.gz');
    expect(response.status).toBe(413);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/^bomb\.log\.gz: its gzip data expands more than 200 times .* refused as a possible gzip bomb/) });
    expect(await requestsOf(id)).toEqual([]);
    const real = await withEnv({ GATEWAY_LENS_MAX_GZIP_RATIO: '30' }, () => post(id, gzipSync(checkout), 'name=checkout.log.gz'));
    expect(real.status).toBe(201);
  });
});

describe('redaction (?redact=, GATEWAY_LENS_REDACT)', () => {
  const access = readFileSync(join(fixtures, 'corpus/nginx-checkout-refused/access.log'), 'utf8');
  // A real line of the corpus with a query string and a token added, as a checkout call would carry them.
  const [line, next] = access.split('\n').slice(0, 2).map((l) => l.replace(/"GET (\S+) /, '"GET $1?card=4111111111111111&session=abc123 ')) as [string, string];
  const linesOf = async (id: string) => {
    const { GET: lines } = await import('../../lines/route');
    return (await (await lines(new Request(`http://x/api/incidents/${id}/lines?limit=10`), ctx(id))).json()).rows as { raw: string; client: string }[];
  };

  it('keeps query values and clients out of what is stored, and every later upload to the incident redacts them too', async () => {
    const id = await newIncident();
    const first = await post(id, `${line}\n`, 'name=first.log&redact=query,clients');
    expect(first.status).toBe(201);
    const later = await post(id, `${next}\n`, 'name=later.log');
    expect(later.status).toBe(201);
    const rows = await linesOf(id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.raw).toContain('?card=REDACTED&session=REDACTED ');
      expect(row.raw).not.toContain('4111111111111111');
      expect(row.client).toMatch(/^198\.1[89]\./);
      expect(row.raw.startsWith(`${row.client} `)).toBe(true);
    }
    expect(rows[0]!.client).toBe(rows[1]!.client);
    const { sources } = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    expect(sources.map((s: { notes: string }) => s.notes)).toEqual(Array(2).fill('redacted on ingest: query-string values, client addresses'));
  });

  it('redacts what the server always redacts, and names what it cannot', async () => {
    const id = await newIncident();
    Object.assign(process.env, { GATEWAY_LENS_REDACT: 'tokens' });
    try {
      expect((await post(id, `${line}\n`)).status).toBe(201);
      expect((await linesOf(id))[0]!.raw).toContain('&session=REDACTED ');
      expect((await linesOf(id))[0]!.raw).toContain('?card=4111111111111111&');
    } finally {
      delete process.env.GATEWAY_LENS_REDACT;
    }
    const wrong = await post(id, `${line}\n`, 'name=x.log&redact=emails');
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toBe('?redact=: cannot redact "emails": give any of query, tokens, clients, or all');
  });

  it('takes the addresses out of lines it could not parse too', async () => {
    const id = await newIncident();
    const broken = '203.0.113.77 - - [25/Nov/2026:00:34:4'; // a line cut short, its client first
    expect((await post(id, `${line}\n${broken}\n`, 'name=cut.log&redact=clients')).status).toBe(201);
    const { sources } = await (await listSources(new Request(`http://x/api/incidents/${id}/sources`), ctx(id))).json();
    const reject = sources[0].rejects[0];
    expect(reject.line).toBe(2);
    expect(reject.text).toMatch(/^198\.1[89]\.\d+\.\d+ - - \[25\/Nov/);
    expect(reject.text).not.toContain('203.0.113.77');
  });

  it('leaves incidents that asked for nothing as they were', async () => {
    const id = await newIncident();
    expect((await post(id, `${line}\n`)).status).toBe(201);
    const [row] = await linesOf(id);
    expect(row!.raw).toBe(line);
  });
});
