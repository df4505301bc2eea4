import type { Readable } from 'node:stream';
import { GatewayLensError, notFound } from '../errors';
import { compileCustomFormat } from '../formats';
import type { ParseContext } from '../formats/types';
import type { Store } from '../store/types';
import { ingestSource, type IngestInput, type IngestResult } from './ingest-source';
import { multipartFiles } from './multipart';
import { parseUtcOffset, parseYear } from './time-context';

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
}): Promise<UploadResult> {
  const { store, incidentId, options } = input;
  if (!(await store.getIncident({ id: incidentId }))) throw notFound(`incident ${incidentId}`);
  const context = timeContext(options);
  const common: Omit<IngestInput, 'name' | 'body'> = {
    store, incidentId, context, stream: options.stream, replaces: options.replaces, kind: options.kind,
    format: options.logFormat ? compileCustomFormat(options.logFormat) : options.format,
  };
  if (!input.contentType?.toLowerCase().startsWith('multipart/form-data')) {
    return { sources: [await ingestSource({ ...common, name: options.name, body: input.body })], errors: [] };
  }
  const result: UploadResult = { sources: [], errors: [] };
  for await (const file of multipartFiles(input.contentType, input.body)) {
    try {
      result.sources.push(await ingestSource({ ...common, name: file.name, body: file.stream }));
    } catch (error) {
      if (!(error instanceof GatewayLensError)) throw error;
      result.errors.push({ name: file.name, code: error.code, message: error.message, details: error.details ?? {} });
    }
  }
  return result;
}

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
