import type { Cause } from '../causes';
import type { ConfigPoint, ObservedFailures } from './check-nginx-config';
import { effectiveLines, haproxyTimeMs, lastOf, parseHaproxyConfig, serversOf, type KeywordLine, type Section, type Server } from './haproxy-conf';

/** A backend or listen section with what it inherits from its defaults. */
interface Backend {
  section: Section;
  name: string;
  /** "backend checkout", as the section line reads. */
  label: string;
  lines: KeywordLine[];
  servers: Server[];
}

/** How a cause seen in the incident is told in a point's evidence. */
const EVIDENCE: Partial<Record<Cause, (n: number) => string>> = {
  upstream_refused: (n) => `${n} attempts were refused`,
  upstream_timeout: (n) => `${n} attempts timed out`,
  upstream_reset: (n) => `${n} attempts were reset`,
  upstream_closed_early: (n) => `${n} attempts were closed before a response`,
  no_healthy_upstream: (n) => `${n} attempts found no server up (503, <NOSRV>)`,
  invalid_response: (n) => `${n} attempts failed with an invalid or oversized response`,
  tls_failure: (n) => `${n} attempts failed the TLS handshake`,
  upstream_overload: (n) => `${n} attempts found the servers at capacity`,
  client_abort: (n) => `${n} attempts ended with the client giving up`,
};

type Add = (line: number, directive: string, why: string, causes: readonly Cause[], extra?: string) => void;

interface Context {
  sections: Section[];
  backends: Backend[];
  observed: ObservedFailures;
  add: Add;
  seen: (cause: Cause) => number;
}

// HAProxy's defaults (configuration manual, HAProxy 2.6).
const DEFAULT_RETRIES = 3;
const DEFAULT_FALL = 3;
const DEFAULT_INTER_MS = 2000;
const DEFAULT_BUFSIZE = 16384;
const DEFAULT_MAXREWRITE = 1024;
/** Linux resends an unanswered SYN after 1 s (the initial retransmission timeout). */
const SYN_RETRY_MS = 1000;

const text = (s: KeywordLine) => [...(s.prefix ? [s.prefix] : []), s.keyword, ...s.args].join(' ');
const integer = (value: string | undefined): number | null => (/^\d+$/.test(value ?? '') ? Number(value) : null);
const ms = (value: number) => (value >= 1000 ? `${value / 1000} s` : `${value} ms`);
const listed = (backends: readonly Backend[]) => `${backends.length > 1 ? 'backends' : 'backend'} ${backends.map((b) => b.name).join(', ')}`;
const names = (servers: readonly Server[]) => servers.map((s) => s.name).join(', ');
const param = (s: Server, name: string): string | undefined => {
  const value = s.params.get(name);
  return typeof value === 'string' ? value : undefined;
};
const checked = (s: Server) => s.params.has('check') || s.params.has('track');
const enabled = (b: Backend) => b.servers.filter((s) => !s.params.has('disabled'));
const globalLines = (sections: readonly Section[]) => sections.filter((s) => s.kind === 'global').flatMap((s) => s.lines);

/** Items grouped by the statement (or section) they share: one point for a defaults line many backends inherit. */
function group<K>(backends: readonly Backend[], key: (b: Backend) => K | null): Map<K, Backend[]> {
  const groups = new Map<K, Backend[]>();
  for (const b of backends) {
    const k = key(b);
    if (k !== null) groups.set(k, [...(groups.get(k) ?? []), b]);
  }
  return groups;
}

function redispatches(lines: readonly KeywordLine[]): boolean {
  const option = lastOf(lines, 'option redispatch');
  // "option redispatch 0" disables it; "no" and "default" (off) too.
  return option !== null && option.prefix === null && option.args[0] !== '0';
}

/** timeout server near or under the slowest responses seen: the slow tail is cut off as 504s. */
function timeoutServer({ backends, observed, add, seen }: Context): void {
  const p99 = observed.p99Ms;
  for (const [setting, users] of group(backends, (b) => lastOf(b.lines, 'timeout server'))) {
    const limit = haproxyTimeMs(setting.args[0]);
    // 0 is no timeout at all: the missing-timeouts check speaks of it.
    if (!limit) continue;
    const slow = p99 !== null && p99 >= limit * 0.8;
    if (!slow && !(seen('upstream_timeout') > 0 && p99 === null)) continue;
    add(setting.line, text(setting), `${text(setting)} gives up on a server that takes longer than that to answer (${listed(users)}): HAProxy answers 504 (sH), or cuts a response under way (sD)`,
      ['upstream_timeout'], p99 !== null ? `; the slowest 1% of responses took ${Math.round(p99)} ms` : '');
  }
}

/** No timeout connect or server: HAProxy warns "missing timeouts" and waits without a limit of its own. */
function missingTimeouts({ backends, add }: Context): void {
  for (const b of backends) {
    const missing = ['connect', 'server'].filter((t) => {
      const setting = lastOf(b.lines, `timeout ${t}`);
      return setting === null || haproxyTimeMs(setting.args[0]) === 0;
    });
    if (missing.length === 0) continue;
    const waits = missing.map((t) => (t === 'connect' ? 'a connection' : 'a response')).join(' and ');
    add(b.section.line, b.label, `no ${missing.map((t) => `timeout ${t}`).join(' and no ')} here or in its defaults: HAProxy waits for ${waits} without a limit of its own (it warns "missing timeouts" at startup), so a hung server holds each request until the client gives up`,
      ['client_abort']);
  }
}

/** timeout connect under a second: one lost SYN is a failed connect. */
function shortConnect({ backends, add }: Context): void {
  for (const [setting, users] of group(backends, (b) => lastOf(b.lines, 'timeout connect'))) {
    const limit = haproxyTimeMs(setting.args[0]);
    if (!limit || limit >= SYN_RETRY_MS) continue;
    add(setting.line, text(setting), `${text(setting)} is shorter than the 1 s after which a lost SYN is sent again: one lost packet, or a server whose accept queue is full, makes the connect fail (sC, 503 once the retries are spent); the HAProxy manual advises slightly above a multiple of 3 s (${listed(users)})`,
      ['upstream_timeout']);
  }
}

/** Servers without health checks beside others: HAProxy keeps sending a dead one its share. */
function uncheckedServers({ backends, add }: Context): void {
  for (const b of backends) {
    const servers = enabled(b);
    if (servers.length < 2) continue;
    const retriedElsewhere = redispatches(b.lines);
    // A backup gets no share until the others are down; an active server without checks never is.
    for (const s of servers.filter((s) => !checked(s) && !s.params.has('backup'))) {
      add(s.statement.line, text(s.statement), `${s.name} has no check: HAProxy counts it as up whatever its state and keeps sending it its share of ${b.name}'s requests while it is down (no backup takes over); each fails to connect (SC)${retriedElsewhere ? '' : ' and is retried on the same server (no option redispatch)'}`,
        ['upstream_refused']);
    }
  }
}

/** retries 0: a refused connect is the client's answer. */
function noRetries({ backends, add }: Context): void {
  for (const [setting, users] of group(backends, (b) => lastOf(b.lines, 'retries'))) {
    if (integer(setting.args[0]) !== 0) continue;
    add(setting.line, text(setting), `${text(setting)}: a connect that fails (refused, or over timeout connect) is not tried again, on this server or another; the client gets the 503 (${listed(users)})`, ['upstream_refused']);
  }
}

/** Retries without option redispatch stay on the server that just refused. */
function noRedispatch({ backends, add }: Context): void {
  const candidates = backends.filter((b) => enabled(b).length >= 2 && (integer(lastOf(b.lines, 'retries')?.args[0]) ?? DEFAULT_RETRIES) > 0 && !redispatches(b.lines));
  for (const [where, users] of group(candidates, (b) => lastOf(b.lines, 'option redispatch') ?? b.section)) {
    const written = 'args' in where ? text(where) : null;
    const retries = integer(lastOf(users[0]!.lines, 'retries')?.args[0]) ?? DEFAULT_RETRIES;
    add(where.line, written ?? users[0]!.label, `${written ?? 'no option redispatch'}: HAProxy retries a failed connect on the same server (${retries} times, at most 1 s apart) rather than on another one, so the requests sent to a server that is down fail (SC, 503)${written ? ` (${listed(users)})` : ''}`,
      ['upstream_refused']);
  }
}

/** Every server health-checked and no backup: checks that fail together leave no server (503, <NOSRV>). */
function allServersChecked({ backends, add, seen }: Context): void {
  for (const b of backends) {
    const servers = enabled(b);
    if (servers.length === 0 || servers.some((s) => !checked(s) || s.params.has('backup'))) continue;
    const timeoutCheck = haproxyTimeMs(lastOf(b.lines, 'timeout check')?.args[0]);
    const fall = (s: Server) => integer(param(s, 'fall')) ?? DEFAULT_FALL;
    const inter = (s: Server) => haproxyTimeMs(param(s, 'inter')) ?? DEFAULT_INTER_MS;
    // Without "timeout check", inter is the whole check's timeout.
    const checkTimeout = (s: Server) => timeoutCheck ?? inter(s);
    const firstFailure = servers.filter((s) => fall(s) <= 1);
    const shortChecks = servers.filter((s) => checkTimeout(s) < SYN_RETRY_MS);
    if (firstFailure.length === 0 && shortChecks.length === 0 && seen('no_healthy_upstream') === 0) continue;
    const details = [
      ...(firstFailure.length ? [`fall 1 takes ${names(firstFailure)} out at the first failed check`] : []),
      ...(shortChecks.length ? [`a check of ${names(shortChecks)} fails when it takes over ${ms(Math.min(...shortChecks.map(checkTimeout)))}`] : []),
    ];
    const soonest = Math.min(...servers.map((s) => fall(s) * inter(s)));
    add(b.section.line, b.label, `every server of ${b.name} (${names(servers)}) is health-checked and none is a backup: when their checks fail together (a dependency of the health check, slow checks under load), HAProxy has no server left after ${ms(soonest)} (fall × inter) and answers 503 with <NOSRV> (SC)${details.map((d) => `; ${d}`).join('')}`,
      ['no_healthy_upstream']);
  }
}

/** Server maxconn: requests over it queue, and a 503 comes after timeout queue. */
function serverMaxconn({ backends, add }: Context): void {
  for (const b of backends) {
    const queue = lastOf(b.lines, 'timeout queue');
    const connect = lastOf(b.lines, 'timeout connect');
    const wait = queue ?? connect;
    const after = wait && haproxyTimeMs(wait.args[0])
      ? `after ${queue ? text(queue) : `${wait.args[0]} (timeout connect, as timeout queue is not set)`} HAProxy answers 503 (sQ)`
      : 'with neither timeout queue nor timeout connect they wait without limit';
    for (const s of b.servers) {
      const max = integer(param(s, 'maxconn'));
      if (!max) continue;
      add(s.statement.line, text(s.statement), `maxconn ${max}: beyond ${max} requests at once on ${s.name}, the others wait in ${b.name}'s queue; ${after}`, ['upstream_overload']);
    }
  }
}

/** tune.bufsize / tune.maxrewrite leaving less room for response headers than HAProxy's defaults. */
function headerBuffers({ sections, add }: Context): void {
  const global = globalLines(sections);
  const bufsizeAt = lastOf(global, 'tune.bufsize');
  const maxrewriteAt = lastOf(global, 'tune.maxrewrite');
  const bufsize = integer(bufsizeAt?.args[0]) ?? DEFAULT_BUFSIZE;
  // HAProxy lowers a maxrewrite above half the buffer to that half.
  const maxrewrite = Math.min(integer(maxrewriteAt?.args[0]) ?? DEFAULT_MAXREWRITE, bufsize / 2);
  const room = bufsize - maxrewrite;
  if (room >= DEFAULT_BUFSIZE - DEFAULT_MAXREWRITE) return;
  for (const setting of [bufsizeAt, maxrewriteAt]) {
    if (!setting) continue;
    add(setting.line, text(setting), `response headers must fit in about tune.bufsize − tune.maxrewrite = ${bufsize} − ${maxrewrite} = ${room} bytes (HAProxy's defaults leave ${DEFAULT_BUFSIZE - DEFAULT_MAXREWRITE}); a server that sends more gets a 502 in its place (PH)`,
      ['invalid_response']);
  }
}

/** http-reuse always/aggressive: a first request on an idle connection the server is closing. */
function idleReuse({ backends, add }: Context): void {
  const exposed = backends.filter((b) => {
    const retryOn = lastOf(b.lines, 'retry-on')?.args ?? [];
    return lastOf(b.lines, 'mode')?.args[0] === 'http' && !retryOn.includes('empty-response') && !retryOn.includes('all-retryable-errors');
  });
  for (const [setting, users] of group(exposed, (b) => lastOf(b.lines, 'http-reuse'))) {
    const how = setting.args[0];
    if (how !== 'always' && how !== 'aggressive') continue;
    add(setting.line, text(setting), `${text(setting)} sends a session's first request over an idle connection${how === 'aggressive' ? ' (one reused before)' : ''}; when the server closes it at that moment (its keep-alive timeout), the request gets nothing back (SH, 502), and retry-on has no empty-response to send it again (${listed(users)})`,
      ['upstream_closed_early', 'upstream_reset']);
  }
}

/** TLS to a server without SNI, for the traffic (sni) or the health checks (check-sni). */
function tlsWithoutSni({ backends, add }: Context): void {
  for (const s of backends.flatMap((b) => b.servers)) {
    if (!s.params.has('ssl')) continue;
    const noSni = !s.params.has('sni');
    // Checks use the server's TLS unless they go to another port or address (then only with check-ssl).
    const tlsChecks = s.params.has('check') && (s.params.has('check-ssl') || !(s.params.has('port') || s.params.has('addr')));
    const checksNoSni = tlsChecks && !s.params.has('check-sni');
    if (!noSni && !checksNoSni) continue;
    const parts = [
      ...(noSni ? [`TLS to ${s.address} without sni: HAProxy sends no server name, so a server that picks its certificate by name (virtual hosts, CDNs, cloud load balancers) fails the handshake`] : []),
      ...(checksNoSni ? [`its health checks send no name either (no check-sni${noSni ? '' : '; sni does not apply to checks'}), so they fail the same way and take it out (503, <NOSRV>)`] : []),
    ];
    add(s.statement.line, text(s.statement), parts.join('; '), [...(noSni ? ['tls_failure' as const] : []), ...(checksNoSni ? ['no_healthy_upstream' as const] : [])]);
  }
}

/** The host part of a server address when it is a name (not an IP, a socket or an environment variable). */
function hostname(address: string): string | null {
  if (address.startsWith('/') || /^(?!ipv[46]@)[\w-]+@/.test(address)) return null;
  const bare = address.replace(/^ipv[46]@/, '');
  if (bare.startsWith('[') || (bare.match(/:/g) ?? []).length > 1) return null;
  const host = bare.split(':')[0]!;
  return /[a-z_]/i.test(host) && !host.includes('$') && host.toLowerCase() !== 'localhost' ? host : null;
}

/** A server named by host name without resolvers: resolved once at startup, never again. */
function resolvedOnce({ sections, backends, add }: Context): void {
  const hasResolvers = sections.some((s) => s.keyword === 'resolvers');
  for (const s of backends.flatMap((b) => b.servers)) {
    const host = hostname(s.address);
    if (host === null || s.params.has('resolvers')) continue;
    add(s.statement.line, text(s.statement), `${host} is resolved once, when HAProxy starts (${hasResolvers ? 'a resolvers section exists, but this server does not name it' : 'no resolvers section'}): when the name moves to another address, the tries keep going to the old one and are refused or time out until HAProxy is reloaded`,
      ['upstream_refused', 'upstream_timeout']);
  }
}

/** TLS servers HAProxy 2.6 refuses to start with: certificate verification without a CA file. */
function unverifiable(sections: readonly Section[], backends: readonly Backend[]): string[] {
  const byDefault = lastOf(globalLines(sections), 'ssl-server-verify')?.args[0] ?? 'required';
  return backends.flatMap((b) => b.servers
    .filter((s) => s.params.has('ssl') && (s.params.get('verify') ?? byDefault) === 'required' && !s.params.has('ca-file'))
    .map((s) => `line ${s.statement.line}: server ${b.name}/${s.name} verifies the server's certificate (verify required${s.params.has('verify') ? '' : ', the default'}) with no ca-file: HAProxy refuses to start with it ("no CA file specified"), so this is not the configuration that ran`));
}

const CHECKS: readonly ((context: Context) => void)[] = [
  timeoutServer, missingTimeouts, shortConnect, uncheckedServers, noRetries, noRedispatch, allServersChecked, serverMaxconn,
  headerBuffers, idleReuse, tlsWithoutSni, resolvedOnce,
];

/**
 * Points at the HAProxy settings that make the observed failures likely, with their line numbers:
 * timeout server under the latencies seen, missing or sub-second connect timeouts, servers without
 * health checks, no retries or no redispatch, health checks that can empty a backend, server maxconn
 * queues, header buffers below the defaults, aggressive idle-connection reuse, TLS without SNI, and
 * host names resolved only at startup. Settings inherited from a defaults section count for each
 * backend that inherits them. Each point says which of the incident's failures it explains.
 */
export function checkHaproxyConfig(config: string, observed: ObservedFailures): { points: ConfigPoint[]; errors: string[] } {
  const { sections, errors } = parseHaproxyConfig(config);
  const backends: Backend[] = sections
    .filter((s) => s.kind === 'backend' || s.kind === 'listen')
    .map((section) => {
      const lines = effectiveLines(sections, section);
      const label = [section.keyword, section.name ?? '', ...(section.from !== null ? ['from', section.from] : [])].join(' ');
      return { section, name: section.name ?? '', label, lines, servers: serversOf(lines) };
    });
  const seen = (cause: Cause) => observed.causes[cause] ?? 0;
  const points: ConfigPoint[] = [];
  const add: Add = (line, directive, why, causes, extra = '') => {
    const evidence = causes.filter((c) => seen(c) > 0).map((c) => EVIDENCE[c]?.(seen(c)) ?? `${seen(c)} attempts failed as ${c}`);
    points.push({ line, directive, why, evidence: evidence.length ? `${evidence.join('; ')}${extra}` : 'not seen in this incident, a risk only', relevant: evidence.length > 0 });
  };
  for (const check of CHECKS) check({ sections, backends, observed, add, seen });
  return {
    points: points.sort((a, b) => Number(b.relevant) - Number(a.relevant) || a.line - b.line),
    errors: [...errors, ...unverifiable(sections, backends)],
  };
}
