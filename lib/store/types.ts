import type { Series, SourceSummary, UpstreamTables } from '../analysis/schema';
import type { RequestRecord } from '../formats/types';
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
}

export interface SourceTotals {
  linesTotal: number;
  linesParsed: number;
  linesRejected: number;
  bytes: number;
  sha256: string;
  from: number | null;
  to: number | null;
}

/**
 * Writes one source's rows. Nothing it writes is visible to queries until `commit`; `abort` removes it all,
 * so a failed upload never leaves partial rows behind.
 */
export interface SourceWriter {
  readonly sourceId: number;
  appendRequest(lineNo: number, record: RequestRecord, attempts: readonly AttemptRow[]): void;
  addReject(lineNo: number, reason: string, text: string): void;
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
  upstreamTables(input: RangeFilter): Promise<UpstreamTables>;
  series(input: RangeFilter & { bucketMs: number }): Promise<Series>;
  timeSpan(input: RangeFilter): Promise<{ from: number | null; to: number | null }>;
  close(): Promise<void>;
}
