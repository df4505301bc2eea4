import { accessSync, constants, createReadStream, rmSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Analysis } from '../analysis/schema';
import { GatewayLensError, invalidInput } from '../errors';
import type { LogFormat } from '../formats/types';
import { analyzeIncident } from '../incidents';
import { ingestSource } from '../ingest/ingest-source';
import type { Redaction } from '../ingest/redaction-kinds';
import { parseUtcOffset, parseWindow, parseYear } from '../ingest/time-context';
import { openDuckDbStore } from '../store/duckdb';
import { listLogFiles, type LogFile } from './log-files';
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
  /** Told of each file of a named folder that is not a log (or is empty), which is skipped rather than ending the run. */
  onSkip?: (name: string, reason: string) => void;
}

/**
 * Runs the server's own pipeline on local files: a throwaway DuckDB store, one incident, every file
 * ingested as a source. The answer is the same object the API gives.
 */
export async function analyzeFiles(paths: readonly string[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const utcOffsetMinutes = options.tz ? parseUtcOffset(options.tz, '--tz') : undefined;
  const givenYear = options.year ? parseYear(options.year, '--year') : undefined;
  const window = parseWindow(options.from, options.to, { from: '--from', to: '--to' });
  const files = await listLogFiles(paths);
  // A throwaway database file rather than memory: a large log must not have to fit in RAM.
  const dir = await mkdtemp(join(scratchFolder(), 'gateway-lens-cli-'));
  const stopRemovingOnSignal = removeOnSignal(dir);
  let store: Store | undefined;
  try {
    store = await openDuckDbStore({ path: join(dir, 'analysis.duckdb'), throwaway: true });
    const incident = await store.createIncident({ title: 'cli' });
    let read = 0;
    for (const file of files) {
      const year = givenYear ?? new Date((await stat(file.path)).mtimeMs).getUTCFullYear();
      const reading = ingestSource({
        store,
        incidentId: incident.id,
        name: file.name,
        body: createReadStream(file.path),
        format: options.customFormat ?? options.format,
        redact: options.redact,
        // The lines outside --from/--to are counted, not stored: the answer is the same, the store smaller.
        window,
        context: { utcOffsetMinutes, year, zoneGiven: utcOffsetMinutes !== undefined, yearGiven: givenYear !== undefined },
      });
      // A folder holds what it holds (a README, an empty log just rotated): such a file is skipped and said, a named one is not.
      if (!file.inFolder) await reading;
      else if (await reading.then(() => false, (error: unknown) => skippable(error, file, options.onSkip))) continue;
      read++;
    }
    if (read === 0) throw invalidInput(`no log Gateway Lens reads among the ${files.length} file${files.length === 1 ? '' : 's'} given (each skipped above)`);
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

/** True (and said) for a folder's file that is not a log or holds nothing; any other error ends the run. */
function skippable(error: unknown, file: LogFile, onSkip: AnalyzeOptions['onSkip']): true {
  if (error instanceof GatewayLensError && (error.code === 'unsupported_format' || error.code === 'invalid_input')) {
    onSkip?.(file.name, error.message);
    return true;
  }
  if ((error as NodeJS.ErrnoException).code === 'EACCES') {
    onSkip?.(file.name, `${file.name}: not readable by this user (permission denied)`);
    return true;
  }
  throw error;
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
