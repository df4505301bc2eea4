/**
 * What the engineer has selected: a time range and filters on pool, server, status, cause, host and path.
 * It becomes WHERE clauses with positional parameters ($1 ...), which DuckDB and PostgreSQL both take.
 */
export interface Selection {
  incidentId: string;
  /** UTC epoch ms, inclusive. */
  from?: number;
  /** UTC epoch ms, exclusive. */
  to?: number;
  /** Pool name; "-" for requests whose format names no pool. */
  pool?: string;
  /** Server; "-" for requests that reached no upstream. */
  server?: string;
  /** The status the client got, as written ("502", "009"). */
  status?: string;
  /** A cause of a failed attempt. */
  cause?: string;
  host?: string;
  /** A path prefix ("/checkout" selects "/checkout/item/1"). */
  path?: string;
  /**
   * An endpoint as the top failures list it: a path's first two segments exactly (isEndpoint). "/api/item"
   * selects /api/item/1 and /api/item?q=1, not /api/items/1, which the path prefix "/api/item" would.
   */
  endpoint?: string;
}

/** The filters of a selection, besides its range: the incident view, the report's scope and the API name them alike. */
export const FILTER_KEYS = ['pool', 'server', 'status', 'cause', 'host', 'path', 'endpoint'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** A selection as the store reads it, with what the store decided about the incident's rows. */
export interface PlannedSelection extends Selection {
  /** By host or path, read the raw rows: the incident's rollups by host and path prefix hold nearly a row per request (path-rollup-density.ts). */
  readPathsRaw?: boolean;
  /**
   * The incident's stored sources (state 'done'), read when the selection was: its rows are picked by these ids
   * rather than by a join to the sources, which keeps a query for the first or last row from skipping blocks.
   */
  sourceIds?: readonly number[];
}

/** Epoch-ms bounds that include every stored time. */
const FAR_PAST = -(2 ** 52);
const FAR_FUTURE = 2 ** 52;

export type SqlValue = string | number | boolean | null;

export class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const nullable = (column: string, value: string, params: Params) => (value === '-' ? `${column} IS NULL` : `${column} = ${params.add(value)}`);

/** Rows of the incident's done sources within the range: uncommitted or failed sources never show. */
function base(alias: string, sel: PlannedSelection, params: Params): string[] {
  const ids = sel.sourceIds;
  return [
    ids === undefined
      ? `${alias}.source_id IN (SELECT id FROM sources WHERE incident_id = ${params.add(sel.incidentId)} AND state = 'done')`
      : ids.length === 0 ? 'FALSE' : `${alias}.source_id IN (${ids.map((id) => params.add(id)).join(', ')})`,
    `${alias}.time >= ${params.add(sel.from ?? FAR_PAST)}`,
    `${alias}.time < ${params.add(sel.to ?? FAR_FUTURE)}`,
  ];
}

/**
 * Conditions on the requests table (alias r) and its rollups. A try's server or cause is not the request's:
 * requests picked by them are read from their attempts (rollups.ts requestsByTries), never through here.
 */
export function whereRequests(sel: Selection, params: Params, alias = 'r'): string {
  if (sel.server !== undefined || sel.cause !== undefined) throw new Error('requests by a try\'s server or cause are read from the attempts');
  const conditions = base(alias, sel, params);
  if (sel.pool !== undefined) conditions.push(nullable(`${alias}.pool`, sel.pool, params));
  if (sel.status !== undefined) conditions.push(`${alias}.status = ${params.add(sel.status)}`);
  if (sel.host !== undefined) conditions.push(`${alias}.host = ${params.add(sel.host)}`);
  if (sel.path !== undefined) conditions.push(startsWith(`${alias}.path`, sel.path, params));
  if (sel.endpoint !== undefined) conditions.push(ofEndpoint(`${alias}.path`, sel.endpoint, params));
  return conditions.join(' AND ');
}

/**
 * Conditions on the attempts table (alias a) and on its rollups keyed by host and path prefix (whose `path` is
 * the prefix, read only for paths it decides). Each attempt carries its request's host and path.
 */
export function whereAttempts(sel: Selection, params: Params, alias = 'a'): string {
  const conditions = base(alias, sel, params);
  if (sel.pool !== undefined) conditions.push(nullable(`${alias}.pool`, sel.pool, params));
  if (sel.server !== undefined) conditions.push(nullable(`${alias}.server`, sel.server, params));
  if (sel.status !== undefined) conditions.push(`${alias}.request_status = ${params.add(sel.status)}`);
  if (sel.cause !== undefined) conditions.push(`${alias}.cause = ${params.add(sel.cause)}`);
  if (sel.host !== undefined) conditions.push(`${alias}.host = ${params.add(sel.host)}`);
  if (sel.path !== undefined) conditions.push(startsWith(`${alias}.path`, sel.path, params));
  if (sel.endpoint !== undefined) conditions.push(ofEndpoint(`${alias}.path`, sel.endpoint, params));
  return conditions.join(' AND ');
}

/**
 * A column that starts with `start`. DuckDB's `prefix` is `starts_with` by another name, but 12-14% faster over
 * the 10M attempts' paths for a short prefix ("/api", "/api/u7": 77-83 against 89-94 ms, interleaved), the same
 * for a long one; the path filters scan every row where no rollup serves them.
 */
function startsWith(column: string, start: string, params: Params): string {
  return `prefix(${column}, ${params.add(start)})`;
}

/**
 * Whether a value is an endpoint, as rollups.ts cuts it from a path (its first one or two segments): it starts
 * with "/", has at most two, and holds neither "?" nor "#".
 */
export function isEndpoint(value: string): boolean {
  return value.startsWith('/') && !/[?#]/.test(value) && value.split('/').length <= 3;
}

/**
 * A path whose endpoint is `endpoint`, without cutting it (a regular expression per row): the endpoint, then
 * nothing or what ends its last segment: "?" or "#", and "/" after a second segment (after a first one, "/"
 * begins a second: "/api/x" has the endpoint "/api/x", not "/api"). It holds for a rollup's column too, which
 * is the endpoint itself.
 */
export function ofEndpoint(column: string, endpoint: string, params: Params): string {
  const ends = endpoint.split('/').length === 3 ? ['/', '?', '#'] : ['?', '#'];
  return `(${column} = ${params.add(endpoint)} OR ${ends.map((end) => startsWith(column, endpoint + end, params)).join(' OR ')})`;
}

/**
 * Whether a path filter ("starts with") is decided by the path prefix alone: it starts with "/" and has
 * neither "?" nor "#" nor a third "/". Every path starting with it then has a prefix starting with it, and
 * the other way round ("/checkout" and "/api/ca" are; "/api/cart/1" is not).
 */
export function pathPrefixServes(path: string | undefined): boolean {
  if (path === undefined) return true;
  return path.startsWith('/') && !/[?#]/.test(path) && path.split('/').length <= 3;
}

/** Conditions on gateway events (alias e): time, server and cause; request filters do not apply to them. */
export function whereEvents(sel: Selection, params: Params, alias = 'e'): string {
  const conditions = base(alias, sel, params);
  if (sel.server !== undefined) conditions.push(nullable(`${alias}.server`, sel.server, params));
  if (sel.cause !== undefined) conditions.push(`${alias}.cause = ${params.add(sel.cause)}`);
  return conditions.join(' AND ');
}
