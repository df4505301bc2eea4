/**
 * What an upstream server does, phase by phase. Times are milliseconds since the scenario's traffic started,
 * so the client, the upstreams and the prober share one clock and the injected windows are known exactly.
 */

/** One way an upstream fails a request. */
export type Fault =
  | 'refuse' // nothing listens on the port: the connection is refused
  | 'reset' // reads the request, then sends a TCP RST (socket.resetAndDestroy())
  | 'close' // reads the request, then closes (FIN) before writing any header
  | 'oversized' // a 64 KiB response header, larger than any gateway's header buffer
  | 'malformed' // a status line, then a header line without a colon
  | 'slow' // answers after 3 s, beyond every gateway's 1 s timeout here
  | 'answer502' // the upstream itself answers 502 Bad Gateway
  | 'answer503'; // the upstream itself answers 503 Service Unavailable

/** Fails every `every`-th proxied request it receives, answers the others. */
export interface Intermittent {
  intermittent: Exclude<Fault, 'refuse'>;
  every: number;
}

export type Behaviour = 'healthy' | Fault | Intermittent;

export interface Phase {
  fromMs: number;
  behaviour: Behaviour;
}

/** Phases in time order; the first starts at 0 and each lasts until the next. */
export type Timeline = readonly Phase[];

export const healthy: Timeline = [{ fromMs: 0, behaviour: 'healthy' }];

/** A timeline from `[fromMs, behaviour]` pairs; healthy before the first pair. */
export function timeline(...phases: [number, Behaviour][]): Timeline {
  const list = phases.map(([fromMs, behaviour]) => ({ fromMs, behaviour }));
  return list[0]?.fromMs === 0 ? list : [{ fromMs: 0, behaviour: 'healthy' }, ...list];
}

export function behaviourAt(line: Timeline, ms: number): Behaviour {
  let current: Behaviour = 'healthy';
  for (const phase of line) if (phase.fromMs <= ms) current = phase.behaviour;
  return current;
}

/** Every moment a behaviour changes (the client sends nothing close to these). */
export const transitions = (line: Timeline): number[] => line.filter((p) => p.fromMs > 0).map((p) => p.fromMs);

/** The windows `[from, to)` in which the behaviour is not healthy, to compare with the findings. */
export function faultWindows(line: Timeline, endMs: number): { fromMs: number; toMs: number; behaviour: Behaviour }[] {
  return line
    .map((phase, i) => ({ fromMs: phase.fromMs, toMs: line[i + 1]?.fromMs ?? endMs, behaviour: phase.behaviour }))
    .filter((w) => w.behaviour !== 'healthy');
}
