import type { Cause } from '../../../lib/diagnosis/causes';
import { causeOf } from '../causes';
import type { GatewayKind, PoolSpec } from '../gateways/types';
import type { InjectedFault } from '../scenario';
import { faultWindows, type Timeline } from '../timeline';
import type { UpstreamSpec } from '../upstream';

export const upstream = (name: string, port: number, line: Timeline): UpstreamSpec => ({ name, port, timeline: line });

/** The faults injected into one server: each non-healthy window of its timeline, with the cause it should get. */
export function faultsOn(gateway: GatewayKind, server: UpstreamSpec, durationMs: number): InjectedFault[] {
  return faultWindows(server.timeline, durationMs).map((w) => {
    const fault = typeof w.behaviour === 'string' ? w.behaviour : w.behaviour.intermittent;
    if (fault === 'healthy') throw new Error('unreachable: faultWindows skips healthy phases');
    return { server, causes: [causeOf(gateway, fault)], fromMs: w.fromMs, toMs: w.toMs };
  });
}

/**
 * A pool whose every server refused: the finding may name it by what the gateway did (no healthy upstream
 * left) or by what the servers did (refused); both are true of such a pool.
 */
export const POOL_DOWN: Cause[] = ['no_healthy_upstream', 'upstream_refused'];

export function poolDown(pool: PoolSpec, fromMs: number, toMs: number): InjectedFault {
  return { pool, causes: POOL_DOWN, fromMs, toMs };
}
