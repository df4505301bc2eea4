import { accessSync, constants, createReadStream, rmSync } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Analysis } from '../analysis/schema';
import { invalidInput } from '../errors';
import type { LogFormat } from '../formats/types';
import { analyzeIncident } from '../incidents';
import { ingestSource } from '../ingest/ingest-source';
import type { Redaction } from '../ingest/redaction-kinds';
import { parseUtcOffset, parseWindow, parseYear } from '../ingest/time-context';
import { openDuckDbStore } from '../store/duckdb';
import type { Store } from '../store/types';

export interface AnalyzeOptions {
  /** A format id to skip detection. */
  format?: string;
  /** A compiled custom format (from --log-format). */
  customFormat?: LogFormat;
  /** The zone of formats whose times have none. */
  tz?: string;
  /** The year of formats whose times have none; by default each file's modification year. */
  year?: string;
  /** Only the requests from this time on (ISO 8601 with a zone, or epoch ms): the incident's window of a long log. */
  from?: string;
  /** Only the requests before this time. */
  to?: string;
  /** What to keep out of the store and so of the output (redact.ts). */
  redact?: readonly Redaction[];
}

/**
 * Runs the server's own pipeline on local files: a throwaway DuckDB store, one incident, every file
 * ingested as a source. The answer is the same object the API gives.
 */
export async function analyzeFiles(paths: readonly string[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const utcOffsetMinutes = options.tz ? parseUtcOffset(options.tz, '--tz') : undefined;
  const givenYear = options.year ? parseYear(options.year, '--year') : undefined;
  const window = parseWindow(options.from, options.to, { from: '--from', to: '--to' });
  for (const path of paths) await checkReadable(path);
  // A throwaway database file rather than memory: a large log must not have to fit in RAM.
  const dir = await mkdtemp(join(scratchFolder(), 'gateway-lens-cli-'));
  const stopRemovingOnSignal = removeOnSignal(dir);
  let store: Store | undefined;
  try {
    store = await openDuckDbStore({ path: join(dir, 'analysis.duckdb'), throwaway: true });
    const incident = await store.createIncident({ title: 'cli' });
    for (const path of paths) {
      const year = givenYear ?? new Date((await stat(path)).mtimeMs).getUTCFullYear();
      await ingestSource({
        store,
        incidentId: incident.id,
        name: basename(path),
        body: createReadStream(path),
        format: options.customFormat ?? options.format,
        redact: options.redact,
        // The lines outside --from/--to are counted, not stored: the answer is the same, the store smaller.
        window,
        context: { utcOffsetMinutes, year, zoneGiven: utcOffsetMinutes !== undefined, yearGiven: givenYear !== undefined },
      });
    }
    return await analyzeIncident(store, { incidentId: incident.id, ...window });
  } finally {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
    stopRemovingOnSignal();
  }
}

/** What the CLI is stopped with: Ctrl-C, a kill, the terminal closing; the exit code is 128 + its number. */
const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

/**
 * A run stopped half-way (Ctrl-C on a long log) would leave its throwaway store behind in /var/tmp: hundreds
 * of MB for a large file, found by nobody. Until the run ends, such a signal removes the folder and ends the
 * process as the signal would have. Returns what undoes this.
 */
function removeOnSignal(dir: string): () => void {
  const handlers = Object.entries(STOP_SIGNALS).map(([signal, number]) => {
    const handler = () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(128 + number);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/**
 * Every file named is checked before the first is read: a typo in the last of five names is said at once,
 * with the name, not after minutes of reading the four before it.
 */
async function checkReadable(path: string): Promise<void> {
  const what = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw invalidInput(error.code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot be read (${error.code ?? error.message})`, { path });
  });
  if (what.isDirectory()) throw invalidInput(`${path}: a directory, not a log file: name the logs in it (${join(path, '*.log')})`, { path });
  await access(path, constants.R_OK).catch(() => {
    throw invalidInput(`${path}: not readable by this user (permission denied)`, { path });
  });
}

/**
 * $TMPDIR when set, else /var/tmp, which is on disk by convention, while /tmp is RAM (tmpfs) on many systems
 * (Debian 13, Fedora, Arch): the store and lines of a 1.5 GB log must not end up there.
 */
function scratchFolder(): string {
  if (process.env.TMPDIR) return process.env.TMPDIR;
  try {
    accessSync('/var/tmp', constants.W_OK);
    return '/var/tmp';
  } catch {
    return tmpdir();
  }
}
