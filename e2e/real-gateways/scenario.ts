import type { Cause } from '../../lib/diagnosis/causes';
import type { ClientRecord } from './client';
import type { GatewayKind, PoolSpec } from './gateways/types';
import type { UpstreamRecord, UpstreamSpec } from './upstream';

/** One try of one upstream server, as the truth says it happened. */
export interface ExpectedAttempt {
  /** null: no server could be chosen (the whole pool was down). */
  server: UpstreamSpec | null;
  /** null: the attempt succeeded. */
  cause: Cause | null;
  /** What the gateway answered because of this try (README: `outcomes`), or null when it recorded nothing. */
  outcome: string | null;
  /** The upstream's own answer (its 200, 502 or 503, signed X-Upstream) reached the client through this try. */
  signed: boolean;
}

/** What the truth knows when it works out the attempts behind the client's requests. */
export interface TruthContext {
  gateway: GatewayKind;
  pool: PoolSpec;
  /** This pool's requests, in the order they were sent. */
  records: readonly ClientRecord[];
  /** What each upstream did with each proxied request, by upstream name (the injected behaviour). */
  upstreamRecords: ReadonlyMap<string, readonly UpstreamRecord[]>;
}

/** The attempts behind each of the pool's requests, in the same order as `context.records`. */
export type AttemptsOf = (context: TruthContext) => ExpectedAttempt[][];

/** A fault the diagnosis must find: its first finding about this server (or pool) and window. */
export interface InjectedFault {
  server?: UpstreamSpec;
  pool?: PoolSpec;
  /** The cause the finding must give; a pool whose servers all refused may be named either way (see there). */
  causes: Cause[];
  fromMs: number;
  toMs: number;
}

export interface PoolTraffic {
  pool: PoolSpec;
  rps: number;
  /** How close to a behaviour change the client stays silent (default 150 ms). */
  guardMs?: number;
  /** How the gateway's config turns each request into attempts (see truth.ts for the common ones). */
  attemptsOf: AttemptsOf;
}

export interface Scenario {
  id: string;
  title: string;
  gateway: GatewayKind;
  /** The scenario's block of 20 ports: 19000 + 20 * block ... */
  block: number;
  durationMs: number;
  traffic: PoolTraffic[];
  faults: InjectedFault[];
}
