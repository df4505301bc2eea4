import { invalidInput } from '../../errors';
import type { ProbeKind, ProbeResult } from '../types';
import type { ProbeBudget } from './budget';
import { probeDns } from './dns';
import { makeGuard, type GuardedTarget } from './guard';
import { probeHttp } from './http';
import { MAX_PARALLEL, MAX_TARGETS, probeTimeout } from './limits';
import { mapLimit } from './parallel';
import { probeTcp } from './tcp';
import { probeTls } from './tls';

export interface RunProbesInput {
  incidentId: string;
  targets: readonly string[];
  kind: ProbeKind;
  /** Hosts and servers the incident's data names (Store.knownTargets). */
  known: Iterable<string>;
  /** The GATEWAY_LENS_PROBE_ALLOW value, read by the caller. */
  allow: string;
  budget: ProbeBudget;
  /** Per probe; default 3000, at most 10000. */
  timeoutMs?: number;
  /** For tls probes: the server name to send instead of the target's host. */
  sni?: string;
  /** Resolve with these DNS servers instead of the system resolver (guard and dns probes). */
  dnsServers?: readonly string[];
  signal?: AbortSignal;
}

function probeOne(guarded: GuardedTarget, input: RunProbesInput, timeoutMs: number): Promise<ProbeResult> {
  // The connection goes to the addresses the guard checked, never to a fresh lookup (DNS rebinding).
  const pinned = { timeoutMs, addresses: guarded.addresses, lookupError: guarded.lookupError, signal: input.signal };
  switch (input.kind) {
    case 'tcp':
      return probeTcp(guarded.target, pinned);
    case 'http':
      return probeHttp(guarded.target, pinned);
    case 'tls':
      return probeTls(guarded.target, { ...pinned, sni: input.sni });
    case 'dns':
      return probeDns(guarded.target, { timeoutMs, servers: input.dnsServers, signal: input.signal });
  }
}

/**
 * Guards every target, then probes them in parallel (at most 8 at once), results in target order. One
 * refused target refuses the whole request (its ProbeTargetRefused is thrown) before any connection is
 * made and before the budget is charged; then the budget is charged for all targets at once.
 */
export async function runProbes(input: RunProbesInput): Promise<ProbeResult[]> {
  if (input.targets.length === 0) throw invalidInput('no probe targets given');
  if (input.targets.length > MAX_TARGETS) {
    throw invalidInput(`at most ${MAX_TARGETS} probe targets at once, got ${input.targets.length}`, { targets: input.targets.length });
  }
  const timeoutMs = probeTimeout(input.timeoutMs);
  const guard = makeGuard({ known: input.known, allow: input.allow, kind: input.kind, dnsServers: input.dnsServers, signal: input.signal });
  const checked = await mapLimit(input.targets, MAX_PARALLEL, (t) =>
    guard(t).then(
      (value) => ({ value, error: null }),
      (error: unknown) => ({ value: null, error }),
    ),
  );
  const guarded: GuardedTarget[] = [];
  // The first refusal in target order, whichever lookup finished first.
  for (const c of checked) {
    if (!c.value) throw c.error;
    guarded.push(c.value);
  }
  input.budget.take(input.incidentId, guarded.length);
  return mapLimit(guarded, MAX_PARALLEL, (g) => probeOne(g, input, timeoutMs));
}
