import net from 'node:net';
import { behaviourAt, transitions, type Behaviour, type Fault, type Timeline } from './timeline';

/**
 * A small upstream server on 127.0.0.1 whose behaviour follows its timeline. It speaks raw TCP so it can break
 * HTTP the ways real upstreams do; every answer says `Connection: close`, so no gateway keeps an idle
 * connection that a later phase would have to break. Healthy answers (and its own 502/503) carry its name in
 * `X-Upstream`, which is how the client knows which server answered.
 */

export interface UpstreamSpec {
  /** The name the upstream writes in X-Upstream; for HAProxy also the `server` name in its backend. */
  name: string;
  port: number;
  timeline: Timeline;
}

/** What the upstream did with one proxied request (probes of /health are not recorded). */
export interface UpstreamRecord {
  atMs: number;
  path: string;
  did: 'healthy' | Fault;
}

export interface RunningUpstream {
  spec: UpstreamSpec;
  records: UpstreamRecord[];
  /** Phase switches that failed (a port taken by something else): the run is then not what was injected. */
  errors: string[];
  /** Starts the timeline's clock: from now on phases switch at their times. */
  begin(t0: number): void;
  stop(): Promise<void>;
}

const SLOW_MS = 3000;
const MAX_HEAD = 64 * 1024;

function response(name: string, status: number, reason: string, extraHeaders = ''): string {
  const body = `${status} from ${name}\n`;
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nX-Upstream: ${name}\r\n${extraHeaders}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
}

/** Does to the socket what the behaviour says; `timers` collects delayed answers so stop() can cancel them. */
function act(socket: net.Socket, name: string, did: 'healthy' | Fault, timers: Set<NodeJS.Timeout>): void {
  switch (did) {
    case 'healthy':
      return void socket.end(response(name, 200, 'OK'));
    case 'answer502':
      return void socket.end(response(name, 502, 'Bad Gateway'));
    case 'answer503':
      return void socket.end(response(name, 503, 'Service Unavailable'));
    case 'oversized':
      return void socket.end(response(name, 200, 'OK', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`));
    case 'malformed':
      // A header line without a colon: nginx, HAProxy and Caddy (Go) all reject it. A space inside a header
      // name would not do: Caddy 2.6 passes `X-Bad Name: v` on to the client.
      return void socket.end(response(name, 200, 'OK', 'this header line has no colon\r\n'));
    case 'reset':
      return void socket.resetAndDestroy();
    case 'close':
      return void socket.end();
    case 'slow': {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!socket.destroyed) socket.end(response(name, 200, 'OK'));
      }, SLOW_MS);
      timers.add(timer);
      return;
    }
    case 'refuse':
      // Only reachable if a connection was accepted just before the listener closed: refuse it late.
      return void socket.resetAndDestroy();
  }
}

/** Intermittent behaviours fail every n-th proxied request; health probes are answered as healthy. */
function decide(behaviour: Behaviour, isProbe: boolean, count: () => number): 'healthy' | Fault {
  if (typeof behaviour === 'string') return behaviour;
  if (isProbe) return 'healthy';
  return count() % behaviour.every === 0 ? behaviour.intermittent : 'healthy';
}

export async function startUpstream(spec: UpstreamSpec): Promise<RunningUpstream> {
  let t0: number | null = null;
  let server: net.Server | null = null;
  let intermittentSeen = 0;
  const records: UpstreamRecord[] = [];
  const errors: string[] = [];
  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const now = () => (t0 === null ? 0 : Date.now() - t0);

  function onRequest(socket: net.Socket, head: string) {
    const path = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    const isProbe = path === '/health';
    const behaviour = behaviourAt(spec.timeline, now());
    const did = decide(behaviour, isProbe, () => ++intermittentSeen);
    if (!isProbe) records.push({ atMs: now(), path, did });
    act(socket, spec.name, did, timers);
  }

  function onConnection(socket: net.Socket) {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // gateways and probes hang up at will
    let head = '';
    socket.on('data', function onData(chunk: Buffer) {
      head += chunk.toString('latin1');
      if (head.length > MAX_HEAD) return void socket.destroy();
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      onRequest(socket, head);
    });
  }

  async function listen() {
    if (server) return;
    const next = net.createServer(onConnection);
    server = next;
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(spec.port, '127.0.0.1', () => resolve());
    });
  }

  function unlisten() {
    // Stops accepting at once; connections already accepted finish their phase's behaviour.
    server?.close();
    server = null;
  }

  async function follow() {
    if (behaviourAt(spec.timeline, now()) === 'refuse') unlisten();
    else await listen();
  }

  await follow();
  const switches: NodeJS.Timeout[] = [];
  return {
    spec,
    records,
    errors,
    begin(start) {
      t0 = start;
      intermittentSeen = 0;
      const onError = (error: Error) => errors.push(`${spec.name}: ${error.message}`);
      for (const at of transitions(spec.timeline)) switches.push(setTimeout(() => follow().catch(onError), Math.max(0, start + at - Date.now())));
    },
    async stop() {
      for (const timer of [...switches, ...timers]) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      const closing = server;
      server = null;
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
  };
}
