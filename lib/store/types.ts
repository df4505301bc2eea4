import type { Annotation, EventLine, Headline, RequestLine, Series, SourceSummary, TopFailures, UpstreamTables } from '../analysis/schema';
import type { Cursor, SeriesBy } from './sql';
import type { ProbeResult } from '../probes/types';
import type { StoredProbe } from './probe-rows';
import type { Selection } from './selection';

export type { Selection } from './selection';
export type { Cursor, SeriesBy } from './sql';
import type { GatewayEventRecord, RequestRecord } from '../formats/types';
import type { AttemptRow } from '../ingest/attempt-rows';

export const INCIDENT_STATUSES = ['investigating', 'mitigated', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export interface Incident {
  id: string;
  title: string;
  /** UTC epoch ms. */
  createdAt: number;
  /** Where the investigation stands. */
  status: IncidentStatus;
  /** What the team wrote down about it (free text, for the channel and the postmortem). */
  notes: string;
}

export interface IncidentListItem extends Incident {
  requests: number;
  count502: number;
  from: number | null;
  to: number | null;
  worstServer: string | null;
  worstPool: string | null;
}

export interface NewSource {
  incidentId: string;
  name: string;
  format: string;
  gateway: string;
  /** The pushed stream the source is a batch of. */
  stream: string | null;
}

export interface SourceProgress {
  total: number;
  parsed: number;
  rejected: number;
  foreign: number;
  bytes: number;
}

export interface SourceTotals {
  linesTotal: number;
  linesParsed: number;
  linesRejected: number;
  linesForeign: number;
  linesJoined: number;
  /** Lines outside the range ingest was given (IngestInput.window): counted by their time, not stored. */
  linesOutside: number;
  events: number;
  bytes: number;
  sha256: string;
  from: number | null;
  to: number | null;
  confidence: number;
  envelope: string | null;
  formats: Record<string, number>;
  notes: string | null;
}

/**
 * Writes one source's rows. Nothing it writes is visible to queries until `commit`; `abort` removes it all,
 * so a failed upload never leaves partial rows behind.
 */
export interface SourceWriter {
  readonly sourceId: number;
  /** `raw` is the gateway's line as read (unwrapped from any envelope), kept as the evidence. */
  appendRequest(lineNo: number, record: RequestRecord, attempts: readonly AttemptRow[], raw: string): void;
  appendEvent(lineNo: number, event: GatewayEventRecord, raw: string): void;
  /** Resolves when the writer has caught up enough for reading to go on: the ingest's backpressure. */
  ready?(): Promise<void>;
  addReject(lineNo: number, reason: string, text: string): void;
  /** Records how far a running ingest got, for the progress shown while it runs. */
  progress(progress: SourceProgress): Promise<void>;
  commit(totals: SourceTotals): Promise<void>;
  abort(error: string): Promise<void>;
}

/** A time range of one incident (the older name of a Selection without filters). */
export type RangeFilter = Pick<Selection, 'incidentId' | 'from' | 'to'>;

/** What an engineer concluded at one step of the runbook, and who. */
export interface WizardNote {
  step: 'upstream_status' | 'server_logs' | 'network' | 'configuration' | 'conclusion';
  conclusion: 'confirmed' | 'ruled_out' | 'unsure';
  note: string;
  author: string;
  updatedAt: number;
}

/** Error-log events about one server with one cause, in the second starting at `t`. */
export interface EventSecond {
  server: string;
  cause: string;
  t: number;
  n: number;
}

/** Latency of the selection as a whole, or of each server apart. */
export type LatencyBy = 'all' | 'server';

/** Attempts whose response time fell in one latency bucket, within one time bucket starting at `t`. */
export interface LatencyBucket {
  /** "all", or the server ("-" for none). */
  key: string;
  t: number;
  bucket: number;
  n: number;
}

/**
 * One bucket of one upstream: a server, or a pool's requests that reached no server of it (nginx's "no live
 * upstreams", HAProxy's <NOSRV>): then `server` is null and `pool` names the pool.
 */
export interface ServerBucket {
  t: number;
  server: string | null;
  pool: string | null;
  n: number;
  failed: number;
  /** The most common cause of its failed attempts (the first by name among equals); null when none failed. */
  cause: string | null;
  /** Its failed attempts per cause, most first. */
  causes: readonly BucketCause[];
}

/** The failed attempts of one bucket with one cause. */
export interface BucketCause {
  cause: string;
  failed: number;
  /** Failed attempts inside requests whose client got a 2xx or 3xx. */
  hidden: number;
  /** Of those, the ones whose own headers (a 2xx or 3xx) reached the client before the response broke off. */
  cut: number;
}

/** A window of one server's attempts: a failing stretch the diagnosis wants the causes of. */
export interface ServerWindow {
  /** Null for a pool's requests that reached no server (then `pool` says which). */
  server: string | null;
  pool: string | null;
  /** UTC epoch ms, [from, to). */
  from: number;
  to: number;
}

/** One of the hosts or paths most hit by a window's failed attempts, and how many distinct ones there were. */
export interface WindowHit {
  window: number;
  kind: 'host' | 'path';
  value: string | null;
  failed: number;
  /** Its place among its window's hosts or paths, from 1: most failed first, ties by name. Rows come in no order. */
  rank: number;
  distinct: number;
}

export interface LinesRequest extends Selection {
  after: Cursor | null;
  limit: number;
  /** Only the requests that failed (a failed attempt), for the lines view; events ignore it. */
  failedOnly?: boolean;
  /** The lines' text and place only, for an export: no attempts, and no total (0). */
  textOnly?: boolean;
}

export interface Store {
  readonly engine: 'duckdb' | 'postgres';
  createIncident(input: { title: string }): Promise<Incident>;
  getIncident(input: { id: string }): Promise<Incident | null>;
  listIncidents(): Promise<IncidentListItem[]>;
  /**
   * What the incident redacts, with `add` added (kept: every later upload redacts it too), and its secret
   * for client addresses, made on first use. Kinds as redact.ts names them.
   */
  redaction(input: { incidentId: string; add: readonly string[] }): Promise<{ key: string; kinds: string[] }>;
  beginSource(input: NewSource): Promise<SourceWriter>;
  listSources(input: { incidentId: string }): Promise<SourceSummary[]>;
  /** A done source of the incident with exactly these bytes, or null. */
  findSourceBySha256(input: { incidentId: string; sha256: string; except?: number }): Promise<number | null>;
  /**
   * Names the causes the access lines could not from the incident's error-log events (run after a source
   * is stored or removed, so the order files arrive in does not matter).
   */
  fuseCauses(input: { incidentId: string }): Promise<void>;
  /** Removes a source and every row read from it. */
  deleteSource(input: { incidentId: string; sourceId: number }): Promise<void>;
  /** The format the first done batch of a pushed stream was read with, or null. */
  streamFormat(input: { incidentId: string; stream: string }): Promise<string | null>;
  /** Changes the title, status or notes given; the others stay. */
  updateIncident(input: { id: string; title?: string; status?: IncidentStatus; notes?: string }): Promise<Incident>;
  /** Removes the incident with its sources, rows and annotations. */
  deleteIncident(input: { id: string }): Promise<void>;
  upstreamTables(input: Selection): Promise<UpstreamTables>;
  /** The figures clients saw, with the pool whose clients got the most 502s (or null). */
  headline(input: Selection): Promise<Omit<Headline, 'worstServer'>>;
  /** The server with the most failed attempts in the selection, or null. */
  worstServer(input: Selection): Promise<string | null>;
  series(input: Selection & { bucketMs: number; by: SeriesBy }): Promise<Series>;
  /**
   * The selection's upstream response times as a histogram per time bucket (`bucket` as rollups.ts numbers
   * them), of all its attempts (key "all") or per server. `raw`: from the attempts themselves, for buckets
   * finer than the per-minute rollup.
   */
  latencySeries(input: Selection & { bucketMs: number; raw: boolean; by?: LatencyBy }): Promise<LatencyBucket[]>;
  timeSpan(input: Selection): Promise<{ from: number | null; to: number | null }>;
  topFailures(input: Selection & { limit: number }): Promise<TopFailures>;
  requestLines(input: LinesRequest): Promise<{ rows: RequestLine[]; total: number }>;
  eventLines(input: LinesRequest): Promise<{ rows: EventLine[]; total: number }>;
  /** The request or event stored from this line of this source, or null. */
  lineAt(input: { incidentId: string; sourceId: number; lineNo: number }): Promise<RequestLine | EventLine | null>;
  /** Error-log events naming a server and a cause, counted per server, cause and second. */
  eventSeconds(input: Selection): Promise<EventSecond[]>;
  /** Per server and bucket: attempts, failed attempts and their causes: the diagnosis's stretches, lined up with probes. */
  serverBuckets(input: Selection & { bucketMs: number }): Promise<ServerBucket[]>;
  /** The hosts and paths each window's failed attempts were for (the `top` most hit of each). */
  windowHits(input: Selection & { windows: readonly ServerWindow[]; top: number }): Promise<WindowHit[]>;
  /** Every upstream server, host and probe target the incident's own data names: what active probes may reach. */
  knownTargets(input: { incidentId: string }): Promise<string[]>;
  /** Probe results, uploaded (with the source and line they came from) or active (source null). */
  addProbeResults(input: { incidentId: string; sourceId: number | null; results: readonly { line: number | null; result: ProbeResult }[] }): Promise<void>;
  /** The probe results of done sources and active probes in the range, optionally of one server, in time order. */
  listProbes(input: { incidentId: string; from?: number; to?: number; server?: string; limit?: number }): Promise<StoredProbe[]>;
  /** The engineers' conclusions per runbook step, latest first. */
  listWizardNotes(input: { incidentId: string }): Promise<WizardNote[]>;
  saveWizardNote(input: { incidentId: string } & Omit<WizardNote, 'updatedAt'>): Promise<WizardNote>;
  listAnnotations(input: { incidentId: string }): Promise<Annotation[]>;
  addAnnotation(input: { incidentId: string; time: number; label: string }): Promise<Annotation>;
  deleteAnnotation(input: { incidentId: string; id: string }): Promise<void>;
  close(): Promise<void>;
}
