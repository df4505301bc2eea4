// Writes a deterministic access log of N lines for benchmarks and memory checks:
//   node scripts/bench/generate-log.mjs LINES OUT [--format nginx|haproxy] [--rate PER_SECOND] [--distinct-prefixes N] [--unique-paths]
// Lines repeat real gateway lines with their times advanced, RATE requests a second (default 2,000,
// a busy gateway: 10M lines span about 83 minutes). nginx repeats the corpus access logs
// (e2e/fixtures/corpus/*/access.log), haproxy the httplog lines of e2e/fixtures/haproxy/access.log,
// both written by the real gateways. --distinct-prefixes N (nginx) moves a rotating id of N values into each path's
// second segment (/api/item/3 -> /api/u417/item/3), as APIs with ids in their paths (/users/417/orders) do: a
// log whose paths have many distinct prefixes, the worst case of the rollups keyed by host and path prefix.
// --unique-paths (nginx) gives each line a path of its own (/api/item/3 -> /api/item/3-417), as ids and query
// strings do in real logs: the generated file otherwise repeats the few thousand paths of its templates.
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string', default: 'nginx' },
    rate: { type: 'string', default: '2000' },
    'distinct-prefixes': { type: 'string' },
    'unique-paths': { type: 'boolean', default: false },
  },
});
const [linesArg, out] = positionals;
if (!linesArg || !out || !['nginx', 'haproxy'].includes(values.format)) {
  console.error('usage: node scripts/bench/generate-log.mjs LINES OUT [--format nginx|haproxy] [--rate PER_SECOND] [--distinct-prefixes N] [--unique-paths]');
  process.exit(2);
}
const total = Number(linesArg);
const rate = Number(values.rate);
const prefixes = values['distinct-prefixes'] === undefined ? null : Number(values['distinct-prefixes']);
const fixtures = join(import.meta.dirname, '../../e2e/fixtures');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n, width = 2) => String(n).padStart(width, '0');

/** Each template is the text around the line's time stamp, which is rewritten. */
function templates(format) {
  if (format === 'nginx') {
    const corpus = join(fixtures, 'corpus');
    return readdirSync(corpus)
      .filter((d) => !d.includes('.'))
      .flatMap((d) => readFileSync(join(corpus, d, 'access.log'), 'utf8').trimEnd().split('\n'))
      .map((line) => ({ head: line.slice(0, line.indexOf('[') + 1), tail: line.slice(line.indexOf(']')) }));
  }
  // HAProxy httplog: "client:port [27/Nov/2026:00:35:42.914] frontend backend/server ..."; only request lines.
  return readFileSync(join(fixtures, 'haproxy/access.log'), 'utf8')
    .trimEnd()
    .split('\n')
    .filter((line) => /^\S+:\d+ \[/.test(line))
    .map((line) => ({ head: line.slice(0, line.indexOf('[') + 1), tail: line.slice(line.indexOf(']')) }));
}

function stampOf(format, ms) {
  const t = new Date(ms);
  const day = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return format === 'nginx' ? `${day} +0000` : `${day}.${pad(t.getUTCMilliseconds(), 3)}`;
}

const lines = templates(values.format);
const start = Date.UTC(2026, 10, 25, 0, 0, 0);
const stream = createWriteStream(out);
let written = 0;
function write() {
  let ok = true;
  while (written < total && ok) {
    let chunk = '';
    for (let i = 0; i < 10_000 && written < total; i++, written++) {
      const template = lines[written % lines.length];
      let tail = prefixes === null ? template.tail : template.tail.replace(/^(\] "\S+ \/[^/ ]*)/, `$1/u${written % prefixes}`);
      if (values['unique-paths']) tail = tail.replace(/^(\] "\S+ [^ ]*)/, `$1-${written}`);
      chunk += `${template.head}${stampOf(values.format, start + Math.floor((written * 1000) / rate))}${tail}\n`;
    }
    ok = stream.write(chunk);
  }
  if (written < total) stream.once('drain', write);
  else stream.end();
}
write();
