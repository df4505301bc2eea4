// Writes a deterministic nginx access log of N lines for benchmarks and memory checks:
//   node scripts/bench/generate-log.mjs LINES OUT
// Lines repeat the real corpus (e2e/fixtures/corpus/*/access.log) with times advanced so the file
// spans LINES / 20 seconds, 20 requests a second, as a busy gateway writes them.
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [linesArg, out] = process.argv.slice(2);
if (!linesArg || !out) {
  console.error('usage: node scripts/bench/generate-log.mjs LINES OUT');
  process.exit(2);
}
const total = Number(linesArg);
const corpus = join(import.meta.dirname, '../../e2e/fixtures/corpus');
const templates = readdirSync(corpus)
  .filter((d) => !d.includes('.'))
  .flatMap((d) => readFileSync(join(corpus, d, 'access.log'), 'utf8').trimEnd().split('\n'))
  .map((line) => {
    const open = line.indexOf('[');
    const close = line.indexOf(']');
    return { head: line.slice(0, open + 1), tail: line.slice(close) };
  });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');
const start = Date.UTC(2026, 10, 25, 0, 0, 0);
const stream = createWriteStream(out);
let written = 0;
function write() {
  let ok = true;
  while (written < total && ok) {
    let chunk = '';
    for (let i = 0; i < 10_000 && written < total; i++, written++) {
      const t = new Date(start + Math.floor(written / 20) * 1000);
      const stamp = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
      const template = templates[written % templates.length];
      chunk += `${template.head}${stamp}${template.tail}\n`;
    }
    ok = stream.write(chunk);
  }
  if (written < total) stream.once('drain', write);
  else stream.end();
}
write();
