import type { Readable } from 'node:stream';
import { GatewayLensError, notFound } from '../errors';
import { compileCustomFormat } from '../formats';
import type { ParseContext } from '../formats/types';
import type { Store } from '../store/types';
import { ingestSource, type IngestInput, type IngestResult } from './ingest-source';
import { multipartFiles } from './multipart';
import { parseUtcOffset, parseWindow, parseYear } from './time-context';
import type { UploadLimits } from './upload-limits';
import type { Redaction } from './redaction-kinds';

export interface UploadOptions {
  name: string;
  format?: string;
  /** A pasted nginx `log_format` directive to read the files with. */
  logFormat?: string;
  stream?: string;
  /** The source this upload re-reads with another format. */
  replaces?: number;
  tz?: string;
  year?: string;
  /** The file's last-modified time, epoch ms: the year of syslog lines that lack one. */
  modified?: number;
  /** What the files may be (the probes endpoint takes only probe results). */
  kind?: 'logs' | 'probes' | 'auto';
  /** What to keep out of the store (redact.ts). */
  redact?: readonly Redaction[];
  /**
   * Only the requests from this time on are stored (ISO 8601 with its zone, or epoch ms), as the CLI's --from:
   * the incident's hour of a week-long log, read at the speed of its time stamps. The lines outside are counted.
   */
  from?: string;
  /** Only the requests before this time are stored, as the CLI's --to. */
  to?: string;
}

export interface UploadFailure {
  name: string;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export interface UploadResult {
  sources: IngestResult[];
  errors: UploadFailure[];
}

/**
 * One upload: a raw body (one file, or pushed lines) or a multipart body of several files. Each file
 * is its own source, all or nothing; one file failing does not undo the others, and says why.
 */
export async function ingestUpload(input: {
  store: Store;
  incidentId: string;
  contentType: string | null;
  body: Readable;
  options: UploadOptions;
  /** What the upload may cost: the server's limits (none for the CLI's own files). */
  limits?: UploadLimits;
}): Promise<UploadResult> {
  const { store, incidentId, options, limits } = input;
  if (!(await store.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
  const context = timeContext(options);
  const window = parseWindow(options.from, options.to, { from: 'from', to: 'to' });
  const common: Omit<IngestInput, 'name' | 'body'> = {
    store, incidentId, context, stream: options.stream, replaces: options.replaces, kind: options.kind, maxBytes: limits?.maxBytes, maxGzipRatio: limits?.maxGzipRatio,
    redact: options.redact, window,
    format: options.logFormat ? compileCustomFormat(options.logFormat) : options.format,
  };
  if (!input.contentType?.toLowerCase().startsWith('multipart/form-data')) {
    return { sources: [await ingestSource({ ...common, name: options.name, body: input.body })], errors: [] };
  }
  const result: UploadResult = { sources: [], errors: [] };
  try {
    for await (const file of multipartFiles(input.contentType, input.body)) {
      try {
        result.sources.push(await ingestSource({ ...common, name: file.name, body: file.stream }));
      } catch (error) {
        if (!(error instanceof GatewayLensError)) throw error;
        result.errors.push(failure(file.name, error));
      }
    }
  } catch (error) {
    // The body itself failed (malformed, cut off): the files stored before stay, and the answer says why the rest is not.
    if (!(error instanceof GatewayLensError)) throw error;
    if (!result.errors.some((e) => e.message === error.message)) result.errors.push(failure(options.name, error));
  }
  return result;
}

const failure = (name: string, error: GatewayLensError): UploadFailure => ({
  name, code: error.code, message: error.message, details: error.details ?? {},
});

function timeContext(options: UploadOptions): IngestInput['context'] {
  const year = options.year ? parseYear(options.year) : options.modified ? new Date(options.modified).getUTCFullYear() : undefined;
  const utcOffsetMinutes = options.tz ? parseUtcOffset(options.tz) : undefined;
  const context: Partial<ParseContext> & { zoneGiven?: boolean; yearGiven?: boolean } = {
    zoneGiven: utcOffsetMinutes !== undefined,
    yearGiven: year !== undefined,
  };
  if (year !== undefined) context.year = year;
  if (utcOffsetMinutes !== undefined) context.utcOffsetMinutes = utcOffsetMinutes;
  return context;
}
