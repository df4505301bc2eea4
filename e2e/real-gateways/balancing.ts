import type { ClientRecord } from './client';
import type { ExpectedAttempt, TruthContext } from './scenario';
import { clientStatus, didFor, HarnessError, noServer, tryOn } from './truth';

/**
 * Which server each try went to, where a pool has several servers and the gateway retries: the client only
 * sees the server that finally answered, so the tries before it follow from the gateway's balancing algorithm
 * under the scenario's config. Each model is checked against the client's records (truth.ts `disagreement`):
 * every answer it predicts must be the one the client saw, else the run fails as a harness error.
 */

/** Walks one request through picks until a server answers, retries run out, or no server is left. */
function walk(context: TruthContext, record: ClientRecord, pick: (tried: Set<number>) => number | null, onFail: (i: number) => void, retry: boolean): ExpectedAttempt[] {
  const servers = context.pool.servers;
  const tried = new Set<number>();
  const attempts: ExpectedAttempt[] = [];
  for (;;) {
    const chosen = pick(tried);
    if (chosen === null) return attempts.length ? finish(attempts, record) : [noServer(record)];
    tried.add(chosen);
    const server = servers[chosen]!;
    if (didFor(context, server, record) === 'healthy') return [...attempts, tryOn(context, server, record, true)];
    onFail(chosen);
    attempts.push(tryOn(context, server, record, false));
    if (!retry || tried.size === servers.length) return finish(attempts, record);
  }
}

/** The last failed try is the one whose failure the client got. */
function finish(attempts: ExpectedAttempt[], record: ClientRecord): ExpectedAttempt[] {
  const last = attempts[attempts.length - 1]!;
  return [...attempts.slice(0, -1), { ...last, outcome: clientStatus(record), signed: false }];
}

/**
 * nginx's round robin (ngx_http_upstream_get_peer): smooth weighted round robin, all weights 1 here. Each pick
 * adds the weight to every live untried server's current weight, takes the highest (the first on a tie), and
 * takes the total off the one picked. With `proxy_next_upstream error` a failed try moves to an untried server
 * (at most one try per server). `max_fails=1` marks a server down after one failure for `fail_timeout`, longer
 * than any scenario here, so a failed server stays down; `max_fails=0` never marks one down.
 */
export function nginxRoundRobin(options: { maxFails: 0 | 1; nextUpstream: boolean }) {
  return (context: TruthContext): ExpectedAttempt[][] => {
    const n = context.pool.servers.length;
    const current = new Array<number>(n).fill(0);
    const down = new Set<number>();
    const smooth = (live: number[]) => {
      for (const i of live) current[i]! += 1;
      const best = live.reduce((a, b) => (current[b]! > current[a]! ? b : a));
      current[best]! -= live.length;
      return best;
    };
    return context.records.map((record) =>
      walk(
        context,
        record,
        (tried) => {
          const live = [...Array(n).keys()].filter((i) => !tried.has(i) && !down.has(i));
          return live.length ? smooth(live) : null;
        },
        (i) => {
          if (options.maxFails === 1) down.add(i);
        },
        options.nextUpstream,
      ),
    );
  };
}

/**
 * Caddy 2.6's `lb_policy round_robin`: a counter incremented on every selection, server `counter % n`,
 * skipping unavailable ones; within `lb_try_duration` a failed try selects again (so the counter moves twice
 * for such a request). Passive health (`max_fails 1` with a `fail_duration` longer than the scenario) makes a
 * failed server unavailable; without it a failing server stays in rotation, and the model then covers only
 * pools where another server answers.
 */
export function caddyRoundRobin(options: { passiveHealth: boolean }) {
  return (context: TruthContext): ExpectedAttempt[][] => {
    const n = context.pool.servers.length;
    let counter = 0;
    const unavailable = new Set<number>();
    const select = (tried: Set<number>): number | null => {
      if (!options.passiveHealth && tried.size === n) throw new HarnessError('caddyRoundRobin: every server failed without passive health');
      for (let k = 0; k < n; k++) {
        counter += 1;
        if (!unavailable.has(counter % n)) return counter % n;
      }
      return null;
    };
    return context.records.map((record) =>
      walk(
        context,
        record,
        (tried) => select(tried),
        (i) => {
          if (options.passiveHealth) unavailable.add(i);
        },
        true,
      ),
    );
  };
}
