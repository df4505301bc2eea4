// Measuring helpers for `npm run bench`: runs, their median/min/max, peak memory of a process tree,
// and a Gateway Lens server of its own on a port of its own.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), runs: sorted.length };
}

/** "12.3 (min 11.9, max 13.0)" */
export const show = (s, digits = 1) => `${s.median.toFixed(digits)} (min ${s.min.toFixed(digits)}, max ${s.max.toFixed(digits)})`;

/** The peak resident memory (VmHWM) of a process and its descendants, in MiB: the largest of them. */
export function peakRssMiB(pid) {
  let peak = 0;
  const visit = (p) => {
    const status = `/proc/${p}/status`;
    if (!existsSync(status)) return;
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
    if (match) peak = Math.max(peak, Number(match[1]) / 1024);
    for (const task of readdirSync(`/proc/${p}/task`)) {
      const children = `/proc/${p}/task/${task}/children`;
      if (existsSync(children)) for (const child of readFileSync(children, 'utf8').split(' ').filter(Boolean)) visit(child);
    }
  };
  visit(pid);
  return peak;
}

/** Runs a command to its end; resolves with its wall time (s) and the peak RSS its preload reported (MiB). */
export function timeCommand(command, args, { env = {}, rssFile } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...env } });
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}`));
      const rss = rssFile && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : null;
      resolve({ seconds, rssMiB: rss });
    });
  });
}

/** `next start` on a data dir of its own; stop() kills it by pid. */
export async function startServer(root, { port, dataDir }) {
  const child = spawn(process.execPath, [join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, GATEWAY_LENS_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const base = `http://127.0.0.1:${port}`;
  // Should the bench die with the server up, the server goes too; the hook goes once the server is stopped.
  const killOnExit = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = () => new Promise((resolve) => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/api/incidents`)).ok) return { base, pid: child.pid, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`the server on port ${port} did not start within 30 s`);
}
