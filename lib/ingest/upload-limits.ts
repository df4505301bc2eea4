import { GatewayLensError } from '../errors';

/**
 * What an upload over HTTP may cost the server (DESIGN section 9): the bytes it may send, and how far
 * gzip data may expand (a gzip bomb of a few megabytes can hold terabytes of zeros). The CLI reads the
 * user's own files and has neither.
 */
export interface UploadLimits {
  /** Bytes of one uploaded file, as sent (compressed or not). */
  maxBytes: number;
  /** Decompressed bytes per byte of gzip data; checked once more than `RATIO_CHECKED_AFTER` came out. */
  maxGzipRatio: number;
}

const GIB = 1024 ** 3;
/** Large enough for a day of a busy gateway's log; #8 streams a 1 GB upload in a few MB of memory. */
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * GIB;
/** nginx and HAProxy logs compress 10 to 30 times; the most repetitive ones (health checks) rarely past 100. */
export const DEFAULT_MAX_GZIP_RATIO = 200;
/** Small files are never refused for their ratio: a few MB of any ratio cost nothing. */
export const RATIO_CHECKED_AFTER = 64 * 1024 * 1024;

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: GIB, t: 1024 ** 4 };

/** `GATEWAY_LENS_MAX_UPLOAD_BYTES` (bytes, or with a K/M/G/T suffix: 500M, 20G) and `GATEWAY_LENS_MAX_GZIP_RATIO`. */
export function uploadLimits(env: Readonly<Record<string, string | undefined>>): UploadLimits {
  return {
    maxBytes: env.GATEWAY_LENS_MAX_UPLOAD_BYTES ? parseSize('GATEWAY_LENS_MAX_UPLOAD_BYTES', env.GATEWAY_LENS_MAX_UPLOAD_BYTES) : DEFAULT_MAX_UPLOAD_BYTES,
    maxGzipRatio: env.GATEWAY_LENS_MAX_GZIP_RATIO ? parseRatio(env.GATEWAY_LENS_MAX_GZIP_RATIO) : DEFAULT_MAX_GZIP_RATIO,
  };
}

/** A limit the server's operator set wrongly: the server's fault, not the upload's (HTTP 500, with the reason). */
const misconfigured = (message: string) => new GatewayLensError('internal', message);

function parseSize(name: string, text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!) : NaN;
  if (!(bytes > 0)) throw misconfigured(`${name} is "${text}": give a size in bytes, or with a K, M, G or T suffix (500M, 20G)`);
  return bytes;
}

function parseRatio(text: string): number {
  const ratio = Number(text);
  if (!(ratio >= 1)) throw misconfigured(`GATEWAY_LENS_MAX_GZIP_RATIO is "${text}": give a number of at least 1 (decompressed bytes per gzip byte)`);
  return ratio;
}

export const sizeText = (bytes: number) =>
  bytes >= GIB ? `${+(bytes / GIB).toFixed(1)} GiB` : bytes >= 1024 ** 2 ? `${+(bytes / 1024 ** 2).toFixed(1)} MiB` : `${bytes} bytes`;
