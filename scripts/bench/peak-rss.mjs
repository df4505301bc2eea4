// Preloaded into a benchmarked Node process (node --import): writes its peak resident memory (KiB)
// to BENCH_RSS_FILE when it exits.
//
// On Linux that is VmHWM, the peak of this process's own memory since it started. Not resourceUsage().maxRSS:
// getrusage's peak survives exec, so a child spawned by a large parent reports the parent's size (a child
// doing nothing, spawned by a bench process holding 1.2 GB, reported 1204 MiB).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;

function peakKiB() {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // Not Linux: getrusage's figure, with the caveat above.
  }
  return process.resourceUsage().maxRSS;
}

if (file) process.on('exit', () => writeFileSync(file, String(peakKiB())));
