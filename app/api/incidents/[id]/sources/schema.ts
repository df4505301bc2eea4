import { z } from 'zod';

/** Options of an upload or a push, in the query string (they apply to every file of a multipart body). */
export const UploadQuery = z.object({
  name: z.string().trim().min(1).max(500).default('upload.log'),
  /** A format id to skip detection. */
  format: z.string().trim().min(1).optional(),
  /** A pasted nginx `log_format` directive: the file is read with it. */
  log_format: z.string().trim().min(1).max(20_000).optional(),
  /** Pushed lines: every batch with the same stream name is read like the stream's first batch. */
  stream: z.string().trim().min(1).max(200).optional(),
  /** The zone of formats whose times have none (nginx error log, syslog): UTC, +02:00, or minutes. */
  tz: z.string().trim().min(1).max(10).optional(),
  /** The year of formats whose times have none (syslog prefixes). */
  year: z.string().trim().regex(/^\d{4}$/, 'year must be four digits').optional(),
  /** A source of the incident this upload re-reads (with another format); removed when this one is stored. */
  replaces: z.coerce.number().int().positive().optional(),
  /** The file's last-modified time (epoch ms), which dates syslog lines that lack a year. */
  modified: z.coerce.number().int().positive().optional(),
  /** What to keep out of the store: any of query, tokens, clients (or all), comma-separated. */
  redact: z.string().trim().max(100).optional(),
  /**
   * Only the requests from this time on are stored (ISO 8601 with its zone, or epoch ms; read in lib as the CLI's
   * --from is): the lines outside are counted by their time and read no further.
   */
  from: z.string().trim().min(1).max(40).optional(),
  /** Only the requests before this time are stored (the CLI's --to). */
  to: z.string().trim().min(1).max(40).optional(),
});
export type UploadQuery = z.infer<typeof UploadQuery>;
