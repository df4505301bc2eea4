// The fastest a file can go through the product's own parser on this machine: the file cut in as many byte
// ranges as there are cores, each parsed in a worker thread (format module and attempts, as ingest does),
// requests and attempts counted per second, server and status, and nothing stored. It bounds what any design
// that keeps this parser can reach, whatever it stores. Prints {"workers", "seconds", "cpuSeconds", "requests"}.
//   tsx scripts/bench/ceiling.ts FILE [WORKERS]
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Range } from './parse-range';

/** Byte ranges that start at the beginning of a line. */
function ranges(file: string, parts: number): Range[] {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  const starts = [0];
  const buffer = Buffer.alloc(64 * 1024);
  for (let i = 1; i < parts; i++) {
    const at = Math.floor((size * i) / parts);
    const read = readSync(fd, buffer, 0, buffer.length, at);
    const newline = buffer.subarray(0, read).indexOf(0x0a);
    starts.push(newline < 0 ? size : at + newline + 1);
  }
  closeSync(fd);
  return starts.map((start, i) => ({ file, start, end: starts[i + 1] ?? size }));
}

const [file, workersArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx scripts/bench/ceiling.ts FILE [WORKERS]');
  process.exit(2);
}
const workers = Number(workersArg ?? availableParallelism());
const started = performance.now();
const cpu = process.cpuUsage();
const results = await Promise.all(
  ranges(file, workers).map(
    (range) =>
      new Promise<{ requests: number; keys: number }>((resolve, reject) => {
        const worker = new Worker(new URL('./ceiling-worker.mjs', import.meta.url), { workerData: range });
        worker.once('message', resolve);
        worker.once('error', reject);
      }),
  ),
);
const seconds = (performance.now() - started) / 1000;
const main = process.cpuUsage(cpu);
console.log(JSON.stringify({
  workers, seconds, requests: results.reduce((n, r) => n + r.requests, 0),
  cpuSeconds: (main.user + main.system) / 1e6,
}));
