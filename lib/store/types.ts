import type { Series, SourceSummary, UpstreamTables } from '../analysis/schema';
import type { GatewayEventRecord, RequestRecord } from '../formats/types';
import type { AttemptRow } from '../ingest/attempt-rows';

export interface Incident {
  id: string;
  title: string;
  /** UTC epoch ms. */
  createdAt: number;
}

export interface IncidentListItem extends Incident {
  requests: number;
  count502: number;
  from: number | null;
  to: number | null;
  worstServer: string | null;
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
  appendRequest(lineNo: number, record: RequestRecord, attempts: readonly AttemptRow[]): void;
  appendEvent(lineNo: number, event: GatewayEventRecord): void;
  addReject(lineNo: number, reason: string, text: string): void;
  /** Records how far a running ingest got, for the progress shown while it runs. */
  progress(progress: SourceProgress): Promise<void>;
  commit(totals: SourceTotals): Promise<void>;
  abort(error: string): Promise<void>;
}

export interface RangeFilter {
  incidentId: string;
  /** UTC epoch ms, inclusive. */
  from?: number;
  /** UTC epoch ms, exclusive. */
  to?: number;
}

export interface Store {
  readonly engine: 'duckdb' | 'postgres';
  createIncident(input: { title: string }): Promise<Incident>;
  getIncident(input: { id: string }): Promise<Incident | null>;
  listIncidents(): Promise<IncidentListItem[]>;
  beginSource(input: NewSource): Promise<SourceWriter>;
  listSources(input: { incidentId: string }): Promise<SourceSummary[]>;
  /** A done source of the incident with exactly these bytes, or null. */
  findSourceBySha256(input: { incidentId: string; sha256: string; except?: number }): Promise<number | null>;
  /** Removes a source and every row read from it. */
  deleteSource(input: { incidentId: string; sourceId: number }): Promise<void>;
  /** The format the first done batch of a pushed stream was read with, or null. */
  streamFormat(input: { incidentId: string; stream: string }): Promise<string | null>;
  upstreamTables(input: RangeFilter): Promise<UpstreamTables>;
  series(input: RangeFilter & { bucketMs: number }): Promise<Series>;
  timeSpan(input: RangeFilter): Promise<{ from: number | null; to: number | null }>;
  close(): Promise<void>;
}
