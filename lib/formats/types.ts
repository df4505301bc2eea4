/**
 * What every log format module produces. Raw fields become these domain records inside the format module,
 * so ingest, store and diagnosis never see a gateway's own field names.
 */

/** One try of one upstream server inside a request. */
export interface AttemptRecord {
  /** `host:port` of the server tried; null when no server could be chosen (e.g. nginx "no live upstreams"). */
  server: string | null;
  /**
   * Status the gateway recorded for this try, kept as written ("502", "009"); null when the gateway logged none ("-").
   */
  status: string | null;
  /** Times in milliseconds; null when the gateway did not log them or the phase never completed. */
  responseMs: number | null;
  connectMs: number | null;
  headerMs: number | null;
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
}

export type ParseResult = { ok: true; record: RequestRecord } | { ok: false; reason: string };

export interface LogFormat {
  /** Stable id, used in the API (`?format=`) and stored on the source. */
  readonly id: string;
  readonly gateway: string;
  readonly label: string;
  /**
   * How well the sample fits, from 0 (not this format) to 1 (every line parses).
   * Detection picks the best score among the registered formats.
   */
  detect(sample: readonly string[]): number;
  parseLine(line: string): ParseResult;
}
