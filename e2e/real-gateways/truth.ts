import type { ClientRecord } from './client';
import { causeOf, retriedTryOutcome } from './causes';
import type { ExpectedAttempt, TruthContext } from './scenario';
import { behaviourAt, type Fault } from './timeline';
import type { UpstreamSpec } from './upstream';

/**
 * The attempts behind requests, from the client's records and the injected timeline. A request meets the
 * phase of its scheduled time (the client keeps clear of every change); an intermittent phase's choice of
 * which request fails is the upstream's own record of what it did to that path.
 */

export class HarnessError extends Error {}

/** What the upstream did to this request: the phase's behaviour, or for an intermittent phase its record. */
export function didFor(context: TruthContext, server: UpstreamSpec, record: ClientRecord): 'healthy' | Fault {
  const behaviour = behaviourAt(server.timeline, record.scheduledMs);
  if (typeof behaviour === 'string') return behaviour;
  const done = context.upstreamRecords.get(server.name)?.find((r) => r.path === record.path);
  if (!done) throw new HarnessError(`${record.path}: ${server.name} was intermittent then but never saw the request`);
  return done.did;
}

export const clientStatus = (record: ClientRecord): string => {
  if (record.status === null) throw new HarnessError(`${record.path}: the client got no HTTP response (${record.error})`);
  return String(record.status);
};

/** One try of `server`; `last` is the try whose answer reached the client. */
export function tryOn(context: TruthContext, server: UpstreamSpec, record: ClientRecord, last: boolean): ExpectedAttempt {
  const did = didFor(context, server, record);
  const signed = last && (did === 'healthy' || did === 'answer502' || did === 'answer503');
  if (did === 'healthy') return { server, cause: null, outcome: last ? clientStatus(record) : null, signed };
  return { server, cause: causeOf(context.gateway, did), outcome: last ? clientStatus(record) : retriedTryOutcome(context.gateway, did), signed };
}

/** The request reached no server: every server of the pool was down (nginx, HAProxy, Caddy alike). */
export const noServer = (record: ClientRecord): ExpectedAttempt => ({ server: null, cause: 'no_healthy_upstream', outcome: clientStatus(record), signed: false });

/** A pool of one server and no retries: every request is one try of it. */
export function oneServer(context: TruthContext): ExpectedAttempt[][] {
  const [server] = context.pool.servers;
  if (!server || context.pool.servers.length !== 1) throw new HarnessError(`${context.pool.name}: oneServer needs exactly one server`);
  return context.records.map((record) => [tryOn(context, server, record, true)]);
}

/**
 * No retries, several servers, every upstream answer signed: the server is the one whose name the client saw
 * in X-Upstream (healthy answers and the upstream's own 502/503 carry it). A request that got no signed
 * answer while every server refused reached no server (HAProxy's `<NOSRV>` once its health checks saw them down).
 */
export function answeredBy(context: TruthContext): ExpectedAttempt[][] {
  return context.records.map((record) => {
    const server = context.pool.servers.find((s) => s.name === record.backend);
    if (server) return [tryOn(context, server, record, true)];
    const allDown = context.pool.servers.every((s) => behaviourAt(s.timeline, record.scheduledMs) === 'refuse');
    if (allDown) return [noServer(record)];
    throw new HarnessError(`${record.path}: got ${record.status} from no named upstream while some server was up`);
  });
}

/**
 * A harness check, not a product check: the truth model's answer must be the one the client saw. A healthy
 * last try, or the upstream's own 502/503, must have come back signed by that server; anything else unsigned.
 */
export function disagreement(record: ClientRecord, attempts: readonly ExpectedAttempt[]): string | null {
  const last = attempts[attempts.length - 1];
  const expected = last?.signed && last.server ? last.server.name : null;
  return expected === record.backend ? null : `${record.path} at ${record.scheduledMs} ms: model says ${expected ?? 'no upstream answer'}, client saw ${record.backend ?? 'none'} (${record.status})`;
}
