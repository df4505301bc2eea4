// `npm run bench`: ingest throughput and memory (CLI and HTTP), incident query times on 10M requests,
// the incident page's time to interactive, and GoAccess on the same file where it is installed.
// Medians over several runs with min and max; results also go to .bench/results/*.json for comparison.
//   npm run bench [-- --runs 3] [-- --quick]   (--quick: the 1M-line files only, one run)
// The 10M-line files are read once each: nginx through the HTTP API (then queried) and the CLI, HAProxy through the API,
// and two variants of the nginx file whose paths do not repeat, through the API (then queried).
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { commandExists, ensureBuild, ensureDependencies, root, step } from '../setup-lib.mjs';
import { peakRssMiB, show, startServer, stats, timeCommand } from './measure.mjs';

const { values: options } = parseArgs({ options: { runs: { type: 'string', default: '3' }, quick: { type: 'boolean', default: false } } });
const runs = options.quick ? 1 : Number(options.runs);
const work = join(root, '.bench');
const logs = join(work, 'logs');
mkdirSync(logs, { recursive: true });
const results = { date: new Date().toISOString(), machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, runs, ingest: [], queries: {}, page: null, goaccess: null };

ensureDependencies();
ensureBuild();

/** Deterministic logs, made once and kept in .bench/logs; `args`: more of the generator's options, named in the file. */
function logFile(format, lines, args = []) {
  const variant = args.map((a) => a.replace(/^--/, '')).join('-');
  const path = join(logs, `${format}-${lines / 1e6}m${variant ? `-${variant}` : ''}.log`);
  if (!existsSync(path)) {
    step(`generating ${path}`);
    execFileSync(process.execPath, [join(root, 'scripts/bench/generate-log.mjs'), String(lines), path, '--format', format, ...args], { stdio: 'inherit' });
  }
  return { path, format, lines, bytes: statSync(path).size };
}

const throughput = (file, seconds) => ({ mbPerS: file.bytes / 1e6 / seconds, linesPerS: file.lines / seconds });

/** `args`: more of the CLI's arguments (--from); throughput is still counted over the whole file, which is read whole. */
async function cliIngest(file, args = [], times = runs) {
  const rssFile = join(work, 'cli-rss');
  const measured = [];
  // The CLI builds its bundle on first use after a change (bin/cli-bundle.mjs): built here, not in the first timed run.
  execFileSync(process.execPath, [join(root, 'bin/gateway-lens.mjs'), '--help'], { stdio: 'ignore' });
  for (let i = 0; i < times; i++) {
    rmSync(rssFile, { force: true });
    const run = await timeCommand(process.execPath, ['--import', join(root, 'scripts/bench/peak-rss.mjs'), join(root, 'bin/gateway-lens.mjs'), 'analyze', '--json', ...args, file.path], {
      env: { BENCH_RSS_FILE: rssFile },
      rssFile,
    });
    measured.push({ ...run, ...throughput(file, run.seconds) });
  }
  return measured;
}

async function newIncident(base, title) {
  const response = await fetch(`${base}/api/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  return (await response.json()).id;
}

/** Runs `measure` against a server of its own on a new store, then stops it and removes the store. */
async function onFreshServer(port, measure) {
  const dataDir = mkdtempSync(join(work, 'store-'));
  const server = await startServer(root, { port, dataDir });
  try {
    return await measure(server);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Streams the file to POST /sources of a new incident, as a script or the upload page does. This process may
 * hold much of the file meanwhile (Node 20's fetch reads a streamed body ahead of the socket: 1.4-1.5 GB after
 * the 10M file); no figure includes it, since each is read from the measured process's own VmHWM.
 */
async function upload(base, file, title, query = {}) {
  const id = await newIncident(base, title);
  const started = performance.now();
  const params = new URLSearchParams({ name: file.path.split('/').at(-1), ...query });
  const response = await fetch(`${base}/api/incidents/${id}/sources?${params}`, {
    method: 'POST',
    body: Readable.toWeb(createReadStream(file.path)),
    duplex: 'half',
  });
  if (!response.ok) throw new Error(`upload of ${file.path} failed: ${response.status} ${await response.text()}`);
  return { id, seconds: (performance.now() - started) / 1000 };
}

/**
 * How far the server's reading lags the bytes sent, during one upload (issue: a large upload holds no more than a
 * few MB of it). The file goes through node:http with backpressure, so what was sent is what the socket took;
 * each time the server writes its progress (bytes read by the parser's reader, about once a second) the bytes
 * sent but not yet read are recorded: those in the kernel's socket buffers, in the server's streams, and sent
 * during the poll itself (every 40 ms): an upper bound on what the server holds.
 */
async function inFlight(file, port) {
  await onFreshServer(port, async (server) => {
    const id = await newIncident(server.base, 'in flight');
    const url = new URL(`${server.base}/api/incidents/${id}/sources?name=in-flight.log`);
    let sent = 0;
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-length': file.bytes } });
    const answered = new Promise((resolve, reject) => {
      request.on('response', (response) => response.resume().on('end', resolve));
      request.on('error', reject);
    });
    const body = createReadStream(file.path, { highWaterMark: 64 * 1024 });
    body.on('data', (chunk) => {
      sent += chunk.length;
      if (!request.write(chunk)) {
        body.pause();
        request.once('drain', () => body.resume());
      }
    });
    body.on('end', () => request.end());
    let done = false;
    answered.then(() => (done = true), () => (done = true));
    const lags = [];
    let last = 0;
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 40));
      const sentNow = sent;
      const [source] = (await (await fetch(`${server.base}/api/incidents/${id}/sources`)).json()).sources;
      if (source && source.state === 'ingesting' && source.bytes > last) {
        last = source.bytes;
        lags.push((sentNow - source.bytes) / 1e6);
      }
    }
    await answered;
    const lag = stats(lags);
    results.inFlight = { file: file.path.split('/').at(-1), megabytes: lag, samples: lags.length };
    console.log(`  ${results.inFlight.file} via HTTP, MB sent but not yet read by the server: ${show(lag)} (${lags.length} progress writes)`);
  });
}

/** A fresh server and store per run: the peak memory is that of reading this one file. `query`: upload options. */
async function httpIngest(file, port, times = runs, query = {}) {
  const measured = [];
  for (let i = 0; i < times; i++) {
    measured.push(await onFreshServer(port, async (server) => {
      const { seconds } = await upload(server.base, file, 'bench', query);
      return { seconds, rssMiB: peakRssMiB(server.pid), ...throughput(file, seconds) };
    }));
  }
  return measured;
}

/**
 * One upload to a fresh server, then the incident queries on it (`paths`: see timeQueries) and, with `page`,
 * the page in Chromium; the server's peak memory over all of it. One run of the upload: a 10M file.
 */
async function uploadAndQuery(file, port, title, { paths, page = false } = {}) {
  return onFreshServer(port, async (server) => {
    const { id, seconds } = await upload(server.base, file, title);
    const ingest = summarize(file, 'HTTP', [{ seconds, rssMiB: peakRssMiB(server.pid), ...throughput(file, seconds) }]);
    const queries = await timeQueries(server.base, id, paths);
    if (page) await timePage(server.base, id);
    // The same server's peak over the upload, every query and the page: what it holds for this incident.
    const serverPeakRssMiB = peakRssMiB(server.pid);
    console.log(`  server peak RSS over the upload, queries${page ? ' and page' : ''}: ${serverPeakRssMiB.toFixed(0)} MiB`);
    return { ingest, queries, serverPeakRssMiB };
  });
}

function summarize(file, via, measured) {
  const row = {
    file: file.path.split('/').at(-1), format: file.format, lines: file.lines, megabytes: file.bytes / 1e6, via,
    mbPerS: stats(measured.map((m) => m.mbPerS)), linesPerS: stats(measured.map((m) => m.linesPerS)),
    seconds: stats(measured.map((m) => m.seconds)), peakRssMiB: stats(measured.map((m) => m.rssMiB ?? 0)),
  };
  results.ingest.push(row);
  console.log(`${row.file} via ${via}: ${show(row.mbPerS)} MB/s, ${show(row.linesPerS, 0)} lines/s, peak RSS ${show(row.peakRssMiB, 0)} MiB`);
  return row;
}

/**
 * Times each incident query over HTTP; `paths`: the path prefix and a deeper path the filtered queries use.
 * Returns the medians by query name.
 */
async function timeQueries(base, id, paths = { prefix: '/api', deeper: '/api/item/1' }) {
  // The latency chart reads the attempts themselves for a range of up to 15 minutes: its costliest case.
  const { from } = await (await fetch(`${base}/api/incidents/${id}/headline`)).json();
  const start = Date.parse(from);
  const urls = {
    'upstream table': `/api/incidents/${id}/upstreams`,
    headline: `/api/incidents/${id}/headline`,
    series: `/api/incidents/${id}/series`,
    'lines, first page': `/api/incidents/${id}/lines?kind=requests&limit=200`,
    diagnosis: `/api/incidents/${id}/diagnosis`,
    latency: `/api/incidents/${id}/latency`,
    'latency, 15 minutes': `/api/incidents/${id}/latency?from=${start}&to=${start + 15 * 60_000}`,
    'top hosts and paths': `/api/incidents/${id}/top`,
    // A path prefix reads the rollups keyed by host and path prefix; the requests of a server its attempts.
    'upstream table, path filter': `/api/incidents/${id}/upstreams?path=${paths.prefix}`,
    'series, path filter': `/api/incidents/${id}/series?path=${paths.prefix}`,
    'lines, path filter': `/api/incidents/${id}/lines?kind=requests&limit=200&path=${paths.prefix}`,
    'upstream table, server filter': `/api/incidents/${id}/upstreams?server=127.0.0.1:18111`,
    'headline, server filter': `/api/incidents/${id}/headline?server=127.0.0.1:18111`,
    'diagnosis, server filter': `/api/incidents/${id}/diagnosis?server=127.0.0.1:18111`,
    'diagnosis, path filter': `/api/incidents/${id}/diagnosis?path=${paths.prefix}`,
    // A path deeper than its prefix (a top path clicked) reads the attempts, which carry their request's path.
    'upstream table, deeper path': `/api/incidents/${id}/upstreams?path=${paths.deeper}`,
    'diagnosis, deeper path': `/api/incidents/${id}/diagnosis?path=${paths.deeper}`,
    // The requests of a try's cause are read from the matching attempts too.
    'headline, cause filter': `/api/incidents/${id}/headline?cause=unknown`,
    'lines, cause filter': `/api/incidents/${id}/lines?kind=requests&limit=200&cause=unknown`,
    'lines, failed only, server filter': `/api/incidents/${id}/lines?kind=requests&limit=200&failed=true&server=127.0.0.1:18111`,
    'top failures, server filter': `/api/incidents/${id}/top?server=127.0.0.1:18111`,
    'incident list': '/api/incidents',
  };
  const timed = {};
  for (const [name, url] of Object.entries(urls)) {
    await (await fetch(base + url)).arrayBuffer(); // warm: the first call compiles the route
    const ms = [];
    for (let i = 0; i < Math.max(5, runs * 3); i++) {
      const started = performance.now();
      const response = await fetch(base + url);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      ms.push(performance.now() - started);
    }
    timed[name] = stats(ms);
    console.log(`  ${name.padEnd(20)} ${show(timed[name], 0)} ms`);
  }
  return timed;
}

/** From navigation to the upstream table and the chart drawn, in Debian's Chromium. */
async function timePage(base, id) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const ms = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const started = performance.now();
      await page.goto(`${base}/incidents/${id}`);
      await page.getByTestId('upstream-row').first().waitFor({ timeout: 30_000 });
      await page.getByTestId('status-chart').locator('.recharts-line-curve').first().waitFor({ timeout: 30_000 });
      if (i > 0) ms.push(performance.now() - started); // the first visit warms the server's page code
      await page.close();
    }
    results.page = stats(ms);
    console.log(`  incident page interactive ${show(results.page, 0)} ms`);
  } finally {
    await browser.close();
  }
}

function goaccess(file) {
  if (!commandExists('goaccess')) {
    console.log('GoAccess is not installed (apt-get install goaccess): no comparison');
    return;
  }
  const out = join(work, 'goaccess.json');
  const seconds = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    execFileSync('goaccess', [file.path, '--log-format=COMBINED', '-o', out, '--no-progress'], { stdio: 'ignore' });
    seconds.push((performance.now() - started) / 1000);
  }
  const s = stats(seconds);
  results.goaccess = { file: file.path.split('/').at(-1), seconds: s, mbPerS: file.bytes / 1e6 / s.median };
  console.log(`GoAccess on ${results.goaccess.file}: ${show(s, 2)} s, ${results.goaccess.mbPerS.toFixed(1)} MB/s`);
}

/** Reading, parsing and DuckDB's COPY of the rows, each alone (breakdown.ts), and the parser's own ceiling (ceiling.ts). */
function breakdown(file) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/breakdown.ts'), file.path], { cwd: root, encoding: 'utf8' });
  const parts = JSON.parse(out);
  results.breakdown = { file: file.path.split('/').at(-1), ...parts };
  const line = (name, { seconds, cpuSeconds }) => `  ${name.padEnd(44)} ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)`;
  console.log(line('read: bytes to lines', parts.read));
  console.log(line('parse: the format module, nothing stored', parts.parse));
  console.log(line('store: DuckDB storing its rows alone, as ingest', parts.store));
  // The parser on every core, storing nothing: what any design keeping this parser can reach at best.
  const ceiling = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/ceiling.ts'), file.path], { cwd: root, encoding: 'utf8' }));
  results.breakdown.ceiling = ceiling;
  console.log(line(`ceiling: parse on ${ceiling.workers} worker threads, count, store nothing`, ceiling) + `, ${(file.bytes / 1e6 / ceiling.seconds).toFixed(1)} MB/s`);
  if (results.goaccess) console.log(`  5x GoAccess would be ${(results.goaccess.seconds.median / 5).toFixed(2)} s end to end`);
}

step('ingest: 1M lines, CLI and HTTP API');
const nginx1m = logFile('nginx', 1_000_000);
const haproxy1m = logFile('haproxy', 1_000_000);
goaccess(nginx1m);
const cli = summarize(nginx1m, 'CLI', await cliIngest(nginx1m));
summarize(haproxy1m, 'CLI', await cliIngest(haproxy1m));
// The incident's stretch of a longer log: the last tenth of the file's time (generate-log.mjs: from 00:00:00Z, 2,000 lines a second).
const lastTenth = new Date(Date.UTC(2026, 10, 25) + (0.9 * nginx1m.lines * 1000) / 2000).toISOString();
summarize(nginx1m, `CLI --from ${lastTenth} (stores the last tenth)`, await cliIngest(nginx1m, ['--from', lastTenth]));
summarize(nginx1m, 'HTTP', await httpIngest(nginx1m, 3291));
summarize(nginx1m, `HTTP from=${lastTenth} (stores the last tenth)`, await httpIngest(nginx1m, 3291, runs, { from: lastTenth }));
summarize(haproxy1m, 'HTTP', await httpIngest(haproxy1m, 3291));
await inFlight(nginx1m, 3291);
if (results.goaccess) {
  results.goaccess.ratio = cli.mbPerS.median / results.goaccess.mbPerS;
  console.log(`Gateway Lens CLI / GoAccess on the same file: ${results.goaccess.ratio.toFixed(2)}x (target 5x)`);
}

step('where the time of one ingest goes (nginx 1M lines)');
breakdown(nginx1m);

if (!options.quick) {
  step('10M requests: HTTP ingest, incident queries, page');
  const nginx10m = logFile('nginx', 10_000_000);
  ({ queries: results.queries, serverPeakRssMiB: results.serverPeakRssMiB } = await uploadAndQuery(nginx10m, 3292, 'bench 10M', { page: true }));

  // The other format at 10M lines, and the CLI at that size: one run each, for throughput and peak memory.
  step('10M lines: HAProxy through the HTTP API, nginx through the CLI');
  const haproxy10m = logFile('haproxy', 10_000_000);
  summarize(haproxy10m, 'HTTP', await httpIngest(haproxy10m, 3293, 1));
  summarize(nginx10m, 'CLI', await cliIngest(nginx10m, [], 1));

  // The generated logs repeat their templates' few thousand paths; real ones seldom do. The same 10M lines with a
  // path of its own each (ids, query strings), and with 100,000 ids in the second segment (/api/u417/item/3), which
  // the rollups by path prefix key on: through the HTTP API, then the queries, one run of the upload each.
  results.pathVariants = [];
  for (const [name, args, paths] of [
    ['a path of its own for each request', ['--unique-paths'], { prefix: '/api', deeper: '/api/item/1' }],
    ['100,000 ids in the second segment of the path', ['--distinct-prefixes', '100000'], { prefix: '/api/u7', deeper: '/api/u7/item/7' }],
  ]) {
    step(`10M requests, ${name}: HTTP ingest and the incident queries`);
    results.pathVariants.push({ name, ...(await uploadAndQuery(logFile('nginx', 10_000_000, args), 3294, name, { paths })) });
  }
}

const dir = join(work, 'results');
mkdirSync(dir, { recursive: true });
const file = join(dir, `bench-${results.date.replaceAll(':', '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nresults: ${file}`);
