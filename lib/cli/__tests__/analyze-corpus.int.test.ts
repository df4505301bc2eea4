import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Analysis } from '../../analysis/schema';
import { isHttpStatus } from '../../diagnosis/classify-attempt';

const run = promisify(execFile);
const root = join(__dirname, '../../..');
const corpus = join(root, 'e2e/fixtures/corpus');
const scenarios = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

interface Truth {
  pools: Record<string, { requests: number; statuses: Record<string, number> }>;
}

/**
 * The client's records count a request that got no HTTP answer under "0"; nginx logs what it passed
 * through as a status that is not HTTP ("009"). The analysis keeps nginx's text, so compare on the
 * client's terms here.
 */
function asClientSaw(statuses: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [status, n] of Object.entries(statuses)) {
    const key = isHttpStatus(status) ? status : '0';
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

describe('gateway-lens analyze --json on the real nginx corpus', () => {
  it('has scenarios to check', () => expect(scenarios.length).toBeGreaterThanOrEqual(3));

  for (const scenario of scenarios) {
    it(`${scenario}: pools match truth.json exactly`, async () => {
      const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', join(corpus, scenario, 'access.log')]);
      const analysis = Analysis.parse(JSON.parse(stdout));
      const truth = JSON.parse(readFileSync(join(corpus, scenario, 'truth.json'), 'utf8')) as Truth;
      const pools = Object.fromEntries(analysis.pools.map((p) => [p.pool, { requests: p.requests, statuses: asClientSaw(p.statuses) }]));
      expect(pools).toEqual(truth.pools);
      expect(analysis.sources).toEqual([expect.objectContaining({ name: 'access.log', format: 'nginx_upstream_timed', gateway: 'nginx' })]);
    });
  }

  it('keeps nginx\'s 009 as written in the pools and counts the try behind it as failed', async () => {
    const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', join(corpus, 'nginx-api-single-server/access.log')]);
    const analysis = Analysis.parse(JSON.parse(stdout));
    expect(analysis.pools.find((p) => p.pool === 'api')?.statuses).toEqual({ '009': 80, '200': 286, '502': 230 });
    expect(analysis.upstreams.find((u) => u.server === '127.0.0.1:18111')).toMatchObject({
      attempts: 596, failed: 310, statuses: { '200': 366, '502': 230 }, causes: { invalid_response: 80, unknown: 230 },
    });
  });
});

describe('gateway-lens analyze (tables and errors)', () => {
  it('prints the per-pool and per-server tables, worst server first', async () => {
    const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(corpus, 'nginx-checkout-refused/access.log')]);
    const servers = stdout.split('Upstream servers')[1]!.split('\n').slice(2, 4);
    expect(servers[0]).toMatch(/^search\s+127\.0\.0\.1:18201\s+596\s+100\s+0\s+100\s+16\.8%/);
    expect(servers[1]).toMatch(/^checkout\s+127\.0\.0\.1:18102\s+138\s+3\s+3\s+3/);
  });

  it('prints each finding with its confidence and every command to run next, ready to paste', async () => {
    const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(corpus, 'nginx-checkout-refused/access.log')]);
    const findings = stdout.split('Findings\n')[1]!;
    expect(findings).toContain([
      '2. 127.0.0.1:18102 in pool checkout failed from 00:34:57 to 00:35:20 UTC: 3 of 5 attempts failed; every failure hidden from clients by a retry on another server; the other server of checkout stayed healthy; all under /checkout/item.',
      "   confidence low: The access log says the attempts failed but not why; nginx's error log for the same period names each failed try (refused, reset, closed early, timed out): add it beside the access log.",
      '   next:',
      '     journalctl --since "2026-11-25 00:33:57" --until "2026-11-25 00:36:20" --utc   # on 127.0.0.1: did the service stop, crash or restart?',
      '     curl -sv -m 5 http://127.0.0.1:18102/ -o /dev/null',
    ].join('\n'));
    // Real HAProxy lines with a finding for each of twelve failing backends: the first ten, then how to get the rest.
    const many = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(root, 'e2e/fixtures/haproxy/access.log')]);
    expect(many.stdout).toMatch(/\n10\. [^\n]+\n(   [^\n]*\n)+2 more findings, fewer failed attempts each: --json lists every one \(\.diagnosis\.findings\)\n$/);
  });

  it('counts only the requests of --from/--to, the incident window of a longer log, and refuses a time without a zone', async () => {
    const log = join(corpus, 'nginx-checkout-refused/access.log');
    // The lines of [00:35:27, 00:35:38), counted from the file itself.
    const inWindow = readFileSync(log, 'utf8').trimEnd().split('\n').filter((l) => {
      const second = /:00:(35:\d\d) /.exec(l)?.[1];
      return second !== undefined && second >= '35:27' && second < '35:38';
    }).length;
    const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', '--from', '2026-11-25T00:35:27Z', '--to', String(Date.parse('2026-11-25T00:35:38Z')), log]);
    const analysis = Analysis.parse(JSON.parse(stdout));
    expect(analysis.pools.reduce((n, p) => n + p.requests, 0)).toBe(inWindow);
    expect(inWindow).toBeGreaterThan(0);
    expect(analysis.sources[0]!.lines.total).toBe(1788);
    // The rest were read and counted, not stored (analyze-window.int.test.ts: the answer is the same).
    expect(analysis.sources[0]!.lines.outside).toBe(1788 - inWindow);
    const text = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--from', '2026-11-25T00:35:27Z', log]);
    expect(text.stdout.startsWith('Counting requests from 2026-11-25T00:35:27Z to the end\n')).toBe(true);
    const before = readFileSync(log, 'utf8').split('\n').filter((l) => /:00:3[45]:\d\d /.test(l) && !/:00:35:(2[7-9]|[3-5]\d) /.test(l)).length;
    expect(text.stdout).toContain(`note: access.log: ${before} lines outside the range read (2026-11-25T00:35:27.000Z to the end; error lines: 15 minutes around it), counted by their time, not stored\n`);
    const later = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--from', '2027-01-01T00:00:00Z', log]);
    expect(later.stdout.startsWith('Counting requests from 2027-01-01T00:00:00Z to the end\n'
      + 'No request of these files falls in that range: they span 2026-11-25T00:34:42.000Z to 2026-11-25T00:35:42.000Z.\n\n')).toBe(true);
    expect(text.stdout).not.toContain('No request of these files');
    const error = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--from', '2026-11-25 00:35:27', log]).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('--from "2026-11-25 00:35:27" is not a time: it must be UTC epoch milliseconds or an ISO 8601 time with its zone');
  });

  it('exits 1 naming the file and the closest formats when a file is not a known log', async () => {
    const error = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(corpus, 'nginx-api-single-server/truth.json')]).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/truth\.json: no known log format fits its first lines; closest: nginx_/);
  });

  it('prints the findings of an error log read alone, with no access log beside it', async () => {
    const { stdout } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(corpus, 'nginx-api-single-server/error.log')]);
    const findings = stdout.split('Findings\n')[1]!;
    expect(findings).toMatch(/^1\. 127\.0\.0\.1:18111 sent responses the gateway could not read \(invalid or oversized headers\) from 00:36:40 to 00:37:03 UTC: 160 error-log entries; how many requests failed is not known without the access log\.\n/);
    expect(findings).toContain('\n2. 127.0.0.1:18111 refused connections from 00:36:18 to 00:36:34 UTC: 149 error-log entries;');
  });

  it('exits 1 naming a missing file among those named before reading any of them', async () => {
    const log = join(corpus, 'nginx-checkout-refused/access.log');
    const missing = join(corpus, 'no-such-scenario/access.log');
    const gone = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', log, missing]).catch((e) => e);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`gateway-lens analyze: ${missing}: no such file\n`);
  });

  it('reads a folder whole, files named by their path in it, and says which of its files it skipped and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-folder-'));
    const logs = join(dir, 'nginx');
    try {
      for (const [edge, scenario] of [['edge-1', 'nginx-api-single-server'], ['edge-2', 'nginx-checkout-refused']] as const) {
        mkdirSync(join(logs, edge), { recursive: true });
        writeFileSync(join(logs, edge, 'access.log'), readFileSync(join(corpus, scenario, 'access.log')));
      }
      writeFileSync(join(logs, 'edge-1/error.log'), readFileSync(join(corpus, 'nginx-api-single-server/error.log')));
      writeFileSync(join(logs, 'edge-2/error.log'), '');
      writeFileSync(join(logs, 'README'), 'copied off the edges at 03:10\n');
      writeFileSync(join(logs, '.hidden.swp'), 'x');
      const { stdout, stderr } = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', logs]);
      const analysis = Analysis.parse(JSON.parse(stdout));
      expect(analysis.sources.map((s) => s.name)).toEqual(['nginx/edge-1/access.log', 'nginx/edge-1/error.log', 'nginx/edge-2/access.log']);
      expect(analysis.pools.reduce((n, p) => n + p.requests, 0)).toBe(1192 + 1788);
      expect(stderr).toBe([
        'gateway-lens analyze: skipped nginx/edge-2/error.log: no lines to read: the file is empty or holds only blank lines; nothing of it was stored',
        'gateway-lens analyze: skipped nginx/README: no known log format fits its first lines; closest: nginx_upstream_timed (no [time] field); nginx_upstream (no [time] field); nginx_combined (no [time] field)',
        '',
      ].join('\n'));
      // A folder with no log at all is an error, as is one with no file.
      rmSync(join(logs, 'edge-2/access.log'));
      const emptyOnly = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(logs, 'edge-2')]).catch((e) => e);
      expect(emptyOnly.code).toBe(1);
      expect(emptyOnly.stderr).toContain('gateway-lens analyze: no log Gateway Lens reads among the 1 file given (each skipped above)');
      mkdirSync(join(dir, 'empty'));
      const empty = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', join(dir, 'empty')]).catch((e) => e);
      expect(empty.code).toBe(1);
      expect(empty.stderr).toBe(`gateway-lens analyze: ${join(dir, 'empty')}: a folder with no file in it (hidden files are left out)\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a custom log with a pasted nginx log_format, and detects every other gateway\'s file on its own', async () => {
    const fixtures = join(root, 'e2e/fixtures');
    const directive = readFileSync(join(fixtures, 'nginx-family/custom.log_format'), 'utf8');
    const custom = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', '--log-format', directive, join(fixtures, 'nginx-family/custom-access.log')]);
    expect(Analysis.parse(JSON.parse(custom.stdout)).sources).toEqual([
      expect.objectContaining({ format: 'nginx_log_format_custom', lines: expect.objectContaining({ total: 45, parsed: 45 }) }),
    ]);
    const files = ['haproxy/access.log', 'caddy/access.log', 'caddy/error.log', 'nginx-family/ingress-access.log', 'corpus/nginx-media-reset-close/error.log'];
    const mixed = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', '--tz', 'UTC', ...files.map((f) => join(fixtures, f))]);
    expect(Analysis.parse(JSON.parse(mixed.stdout)).sources.map((s) => s.format)).toEqual(['haproxy_http', 'caddy_json', 'caddy_json', 'ingress_nginx', 'nginx_error']);
  });

  it('says where and why lines were rejected, and --redact keeps addresses and tokens out of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-cli-test-'));
    try {
      const log = join(dir, 'access.log');
      const head = readFileSync(join(corpus, 'nginx-checkout-refused/access.log'), 'utf8').split('\n').slice(0, 5).join('\n');
      writeFileSync(log, `${head}\ncut from 10.20.30.40 via 2001:db8:aa::7 token=s3cret\n`);
      const cli = (...args: string[]) => run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze', ...args, log]);
      const plain = await cli();
      expect(plain.stdout).toContain('rejected: access.log:6: no [time] field\n');
      const asIs = Analysis.parse(JSON.parse((await cli('--json')).stdout)).sources[0]!.rejects;
      expect(asIs).toEqual([{ line: 6, reason: 'no [time] field', text: 'cut from 10.20.30.40 via 2001:db8:aa::7 token=s3cret' }]);
      const redacted = Analysis.parse(JSON.parse((await cli('--json', '--redact', 'all')).stdout)).sources[0]!;
      expect(redacted.rejects![0]!.text).toMatch(/^cut from 198\.1[89]\.\d+\.\d+ via 2001:db8:[0-9a-f:]+ token=REDACTED$/);
      expect(redacted.rejects![0]!.text).not.toContain('2001:db8:aa::7');
      expect(redacted.notes).toContain('redacted on ingest: query-string values, tokens and credentials, client addresses');
      const error = await cli('--redact', 'emails').catch((e) => e);
      expect(error.code).toBe(1);
      expect(error.stderr).toContain('--redact: cannot redact "emails": give any of query, tokens, clients, or all');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with the usage when no file is named', async () => {
    const error = await run('node', [join(root, 'bin/gateway-lens.mjs'), 'analyze']).catch((e) => e);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain('Usage: gateway-lens analyze');
  });
});
