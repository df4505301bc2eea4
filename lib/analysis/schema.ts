import { z } from 'zod';
import { Diagnosis } from './diagnosis-schema';

/**
 * The analysis object (DESIGN.md section 5): what `analyze --json` prints and the API returns.
 * Names are a contract for scripts: later work adds fields, never renames.
 */
export const StatusCounts = z.record(z.string(), z.number().int());
export type StatusCounts = z.infer<typeof StatusCounts>;

export const SourceSummary = z.object({
  id: z.number().int().optional(),
  name: z.string(),
  format: z.string().nullable(),
  gateway: z.string().nullable(),
  lines: z.object({
    total: z.number().int(),
    parsed: z.number().int(),
    rejected: z.number().int(),
    /** Lines of other containers in the same file (compose logs): counted, not parsed as the gateway's. */
    foreign: z.number().int().optional(),
    /** Pieces of lines the container runtime split, joined into the line they continue. */
    joined: z.number().int().optional(),
    /** Lines outside the time range the CLI was given (--from, --to; error lines: 15 minutes around it): counted by their time, not stored, not in `parsed`. */
    outside: z.number().int().optional(),
  }),
  /** ISO 8601 UTC; null when no line parsed. */
  from: z.string().nullable(),
  to: z.string().nullable(),
  state: z.enum(['ingesting', 'done', 'failed']).optional(),
  error: z.string().nullable().optional(),
  bytes: z.number().int().optional(),
  sha256: z.string().optional(),
  rejects: z.array(z.object({ line: z.number().int(), reason: z.string(), text: z.string() })).optional(),
  /** Share of the first lines the chosen format read. */
  confidence: z.number().nullable().optional(),
  /** The wrapper the lines came in (cri, docker-json, compose, vector-json, fluent-bit-json), null for none. */
  envelope: z.string().nullable().optional(),
  /** Lines read per format, when a file mixes them (nginx access and error lines on one stdout). */
  formats: z.record(z.string(), z.number().int()).optional(),
  events: z.number().int().optional(),
  /** How times were read when the format lacks a zone or a year. */
  notes: z.string().nullable().optional(),
  stream: z.string().nullable().optional(),
  /** Bytes read per second, from the start of the upload to the last progress (or the end). */
  bytesPerSecond: z.number().nullable().optional(),
});
export type SourceSummary = z.infer<typeof SourceSummary>;

export const PoolSummary = z.object({
  pool: z.string().nullable(),
  requests: z.number().int(),
  /** Requests by the status the client got, kept as written ("009" too). */
  statuses: StatusCounts,
});
export type PoolSummary = z.infer<typeof PoolSummary>;

export const UpstreamSummary = z.object({
  pool: z.string().nullable(),
  /** null for requests that reached no upstream. */
  server: z.string().nullable(),
  attempts: z.number().int(),
  failed: z.number().int(),
  /** Attempts by the status the gateway recorded for that attempt ("-" when it recorded none). */
  statuses: StatusCounts,
  /**
   * Attempts by what the gateway answered because of them: the attempt's own status, or for a last try
   * the gateway recorded none for (HAProxy, Envoy, ALB), the client's status. "502s per server" counts these.
   */
  outcomes: StatusCounts,
  causes: StatusCounts,
  /** Failed attempts inside requests that the client saw succeed (a retry on another server hid them). */
  hidden: z.number().int(),
  /**
   * Failed attempts whose own 2xx or 3xx had reached the client before the response broke off (a reset
   * mid-body): the client got a success cut short, which no retry could hide. Not counted in `hidden`.
   */
  cut: z.number().int().optional(),
  firstFailure: z.string().nullable(),
  lastFailure: z.string().nullable(),
  /** Upstream response time percentiles of the attempts, in ms; null where no attempt logged a time. */
  latency: z.object({ p50: z.number().nullable(), p95: z.number().nullable(), p99: z.number().nullable() }).optional(),
});
export type UpstreamSummary = z.infer<typeof UpstreamSummary>;

export const UpstreamTables = z.object({ pools: z.array(PoolSummary), upstreams: z.array(UpstreamSummary) });
export type UpstreamTables = z.infer<typeof UpstreamTables>;


/** Headline figures of a selection, as the clients saw them. */
export const Headline = z.object({
  requests: z.number().int(),
  /** Requests by the statuses that mean different things: 499 (client gave up), 502, 503, 504, and the other 5xx. */
  s502: z.number().int(),
  s499: z.number().int(),
  s503: z.number().int(),
  s504: z.number().int(),
  other5xx: z.number().int(),
  first502: z.string().nullable(),
  last502: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  worstPool: z.string().nullable(),
  worstServer: z.string().nullable(),
});
export type Headline = z.infer<typeof Headline>;

export const SeriesPoint = z.object({
  /** Bucket start, UTC epoch ms. */
  t: z.number(),
  /** The series: a pool, a server or a cause ("-" where the format names no pool or no server was reached). */
  key: z.string(),
  /** Requests (per pool) or attempts (per server, per cause) in the bucket. */
  n: z.number().int(),
  failed: z.number().int(),
  s502: z.number().int(),
  s499: z.number().int(),
  s503: z.number().int(),
  s504: z.number().int(),
  /** Per pool only: requests the gateway tried more than once (several tries, or retries it counted). */
  retried: z.number().int().optional(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const Series = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  bucketMs: z.number().int(),
  by: z.enum(['pool', 'server', 'cause']),
  points: z.array(SeriesPoint),
});
export type Series = z.infer<typeof Series>;

/** Upstream response time percentiles of the attempts in one time bucket, in ms (from ~2.5%-wide histogram buckets). */
export const LatencyPoint = z.object({
  /** "all" for the whole selection, else the server. */
  key: z.string(),
  t: z.number(),
  /** Attempts that logged a response time. */
  n: z.number().int(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
});
export type LatencyPoint = z.infer<typeof LatencyPoint>;

export const LatencySeries = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  bucketMs: z.number().int(),
  by: z.enum(['all', 'server']),
  points: z.array(LatencyPoint),
});
export type LatencySeries = z.infer<typeof LatencySeries>;

const FailureCount = z.object({ value: z.string().nullable(), failed: z.number().int() });
export const TopFailures = z.object({
  hosts: z.array(FailureCount),
  paths: z.array(FailureCount),
  /** Paths by their first two segments (/api/item for /api/item/1001), where IDs make every path its own. */
  prefixes: z.array(FailureCount),
});
export type TopFailures = z.infer<typeof TopFailures>;

export const AttemptLine = z.object({
  seq: z.number().int(),
  server: z.string().nullable(),
  status: z.string().nullable(),
  outcome: z.string().nullable(),
  failed: z.boolean(),
  cause: z.string().nullable(),
  responseMs: z.number().nullable(),
});

/** One request behind a selection, with its attempts and the line it came from (the evidence). */
export const RequestLine = z.object({
  kind: z.literal('request'),
  time: z.string(),
  source: z.string(),
  sourceId: z.number().int(),
  line: z.number().int(),
  status: z.string(),
  method: z.string().nullable(),
  host: z.string().nullable(),
  path: z.string().nullable(),
  pool: z.string().nullable(),
  client: z.string().nullable(),
  requestMs: z.number().nullable(),
  gatewayCode: z.string().nullable(),
  attempts: z.array(AttemptLine),
  raw: z.string().nullable(),
});
export type RequestLine = z.infer<typeof RequestLine>;

/** One gateway error-log event behind a selection. */
export const EventLine = z.object({
  kind: z.literal('event'),
  time: z.string(),
  source: z.string(),
  sourceId: z.number().int(),
  line: z.number().int(),
  level: z.string().nullable(),
  message: z.string(),
  cause: z.string().nullable(),
  server: z.string().nullable(),
  client: z.string().nullable(),
  request: z.string().nullable(),
  host: z.string().nullable(),
  raw: z.string().nullable(),
});
export type EventLine = z.infer<typeof EventLine>;

export const LinesPage = z.object({
  kind: z.enum(['requests', 'events']),
  total: z.number().int(),
  rows: z.array(z.union([RequestLine, EventLine])),
  /** Pass as `after` for the next page; null on the last page. */
  next: z.string().nullable(),
});
export type LinesPage = z.infer<typeof LinesPage>;

export const Annotation = z.object({ id: z.string(), time: z.number(), label: z.string(), createdAt: z.number() });
export type Annotation = z.infer<typeof Annotation>;

/**
 * The analysis object: `analyze --json` prints it, and the API's incident endpoints return its parts
 * (`/upstreams` the pools and upstreams, `/headline` the headline, `/series` the series, `/lines` the
 * per-request detail as RequestLine rows).
 */
export const Analysis = z
  .object({ sources: z.array(SourceSummary) })
  .extend(UpstreamTables.shape)
  .extend({ headline: Headline.optional(), series: Series.optional(), diagnosis: Diagnosis.optional() });
export type Analysis = z.infer<typeof Analysis>;
