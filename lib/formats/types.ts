/**
 * What every log format module produces. Raw fields become these domain records inside the format module,
 * so ingest, store and diagnosis never see a gateway's own field names.
 */
import type { Cause } from '../diagnosis/causes';

/** One try of one upstream server inside a request. */
export interface AttemptRecord {
  /**
   * The server tried: `host:port` where the gateway logs an address, its configured name where it logs
   * that (HAProxy `backend/web1`); null when no server could be chosen (nginx "no live upstreams").
   */
  server: string | null;
  /**
   * Status the gateway recorded for this try, kept as written ("502", "009"); null when the gateway logged none ("-").
   */
  status: string | null;
  /** Times in milliseconds; null when the gateway did not log them or the phase never completed. */
  responseMs: number | null;
  connectMs: number | null;
  headerMs: number | null;
  /**
   * The cause the gateway's own codes state for this try (Envoy response flags, HAProxy termination state,
   * ALB error reason, GCP statusDetails, Traefik OriginStatus 0 ...), mapped as shared/formats says.
   * Absent or null when the line does not decide it: never a guess.
   */
  cause?: Cause | null;
}

/** One access-log line: one request as the client saw it, with the upstream attempts behind it. */
export interface RequestRecord {
  /** UTC epoch milliseconds. */
  time: number;
  client: string | null;
  method: string | null;
  host: string | null;
  path: string | null;
  /** Status the client got, kept as written: "502", "499", or "009" for an HTTP/0.9 pass-through. */
  status: string;
  bytes: number | null;
  requestMs: number | null;
  /** The upstream pool when the format names it (nginx `$proxy_host`, ingress upstream name, Envoy cluster ...). */
  pool: string | null;
  /** In the order the gateway tried them; empty when the request reached no upstream. */
  attempts: AttemptRecord[];
  /**
   * The gateway's own failure code as written, for evidence: Envoy response flags ("UF,URX"), HAProxy
   * termination state ("SC--"), ALB error_reason, GCP statusDetails. Null or absent when none.
   */
  gatewayCode?: string | null;
  /** Retries the gateway reports as a count without listing the tries (HAProxy, Traefik). */
  retries?: number | null;
  requestId?: string | null;
  userAgent?: string | null;
  /** The client's connection as the gateway's error entries name it too (Caddy `ip:port`): ties them together. */
  connection?: string | null;
}

/** One error-log entry of the gateway (nginx error log, Caddy's error logger ...). */
export interface GatewayEventRecord {
  /** UTC epoch milliseconds. */
  time: number;
  /** As written: "error", "warn", "crit" ... */
  level: string | null;
  message: string;
  /** The cause the message states (shared/formats tables); null when it is context, not a failure. */
  cause: Cause | null;
  /** `host:port` of the upstream the message names. */
  server: string | null;
  /** The upstream URL as written (nginx `upstream: "http://10.0.0.7:8080/x"`). */
  upstreamUrl?: string | null;
  client: string | null;
  /** The request line as written ("GET /x HTTP/1.1"). */
  request: string | null;
  host: string | null;
  /** The gateway's connection id (nginx `*123`), which ties an event to its access line. */
  connection?: string | null;
  /** The status a try's upstream answered, when the entry records one (Caddy's "upstream roundtrip"). */
  status?: string | null;
}

export type ParseResult =
  | { kind: 'request'; record: RequestRecord }
  | { kind: 'event'; event: GatewayEventRecord }
  | { kind: 'reject'; reason: string };

/**
 * What a line alone cannot say. Formats whose timestamps have no zone (nginx error log) or no year
 * (syslog prefixes) read them in this zone and year; the ingest says so on the source.
 */
export interface ParseContext {
  /** Minutes east of UTC of the server that wrote the log; 0 (UTC) when unknown. */
  utcOffsetMinutes: number;
  /** The year for timestamps that lack one. */
  year: number;
}

export const defaultParseContext = (): ParseContext => ({ utcOffsetMinutes: 0, year: new Date().getUTCFullYear() });

export interface LogFormat {
  /** Stable id, used in the API (`?format=`), the CLI (`--format`) and stored on the source. */
  readonly id: string;
  readonly gateway: string;
  readonly label: string;
  /** True when its timestamps lack a zone or a year, so the ParseContext matters. */
  readonly needsContext?: { zone?: boolean; year?: boolean };
  /**
   * Its access lines never name the upstream (Caddy): the tries of a request are read from the error and
   * debug entries of the same connection once the source is stored (see the store's fuse-causes).
   */
  readonly triesFromEvents?: boolean;
  /**
   * How well the sample fits, from 0 (not this format) to 1 (every line is this format, unambiguously).
   * Detection picks the best score among the registered formats.
   */
  detect(sample: readonly string[]): number;
  /** `context` defaults to UTC and the current year for formats that need it. */
  parseLine(line: string, context?: ParseContext): ParseResult;
  /**
   * The time of a line alone (a request's; an event's for an error log), read much faster than the whole line;
   * null when the line has none where this format writes it (another format's line mixed in). Lets ingest set
   * aside, unread, the lines outside the range it was given (the CLI's --from/--to): such a line is counted
   * outside even if the rest of it would not have parsed. Optional: without it every line is read whole, and
   * its time checked then.
   */
  timeOf?(line: string, context?: ParseContext): number | null;
  /**
   * For a format whose file mixes requests and events (Caddy's entries): the time of a line that is an event,
   * read alone, so that ingest sets aside the events far outside the range too; null for any other line.
   */
  eventTimeOf?(line: string, context?: ParseContext): number | null;
  /** Its lines are the gateway's events (an error log), not requests: kept around a range, not only within it. */
  readonly eventLog?: boolean;
}
