import { flatten, parseNginxConfig, type Directive } from './nginx-conf';

/** What the incident showed, for deciding which settings matter. */
export interface ObservedFailures {
  /** Failed attempts per cause over the incident. */
  causes: Record<string, number>;
  /** The slowest upstream response time seen (p99 across servers), ms. */
  p99Ms: number | null;
}

export interface ConfigPoint {
  line: number;
  directive: string;
  /** What in the configuration makes the failures likely. */
  why: string;
  /** The incident's evidence that makes it relevant, or why it is only a risk. */
  evidence: string;
  /** True when the incident's failures are of the kind this setting causes. */
  relevant: boolean;
}

const seconds = (value: string | undefined): number | null => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
};
const bytes = (value: string | undefined): number | null => {
  const m = /^(\d+)([kKmM])?$/.exec(value ?? '');
  return m ? Number(m[1]) * (m[2] ? (/k/i.test(m[2]) ? 1024 : 1024 * 1024) : 1) : null;
};
const text = (d: Directive) => [d.name, ...d.args].join(' ');
const seen = (observed: ObservedFailures, cause: string) => observed.causes[cause] ?? 0;

/**
 * Points at the nginx settings that make the observed failures likely, with their line numbers: header
 * buffers too small, upstream keep-alive without HTTP/1.1 and a cleared Connection header, timeouts
 * below the latencies seen, max_fails/fail_timeout that empty a pool, TLS to the upstream without SNI, a
 * variable proxy_pass without a resolver. Each point says which of the incident's failures it explains.
 */
export function checkNginxConfig(config: string, observed: ObservedFailures): { points: ConfigPoint[]; errors: string[] } {
  const { directives, errors } = parseNginxConfig(config);
  const all = flatten(directives);
  const named = (name: string) => all.filter((d) => d.name === name);
  const points: ConfigPoint[] = [];
  const add = (d: Directive, why: string, cause: string, evidence: string) =>
    points.push({ line: d.line, directive: text(d), why, evidence: seen(observed, cause) ? evidence : `not seen in this incident, a risk only`, relevant: seen(observed, cause) > 0 });

  const invalid = seen(observed, 'invalid_response');
  for (const d of named('proxy_buffer_size')) {
    const size = bytes(d.args[0]);
    if (size !== null && size <= 8 * 1024) add(d, `a ${d.args[0]} buffer holds the upstream's status line and headers; larger headers fail as "upstream sent too big header" (502)`, 'invalid_response', `${invalid} attempts failed with an invalid or oversized response`);
  }
  if (named('proxy_buffer_size').length === 0 && invalid > 0) {
    for (const d of named('proxy_pass')) add(d, 'proxy_buffer_size is not set, so the response headers must fit nginx\'s default 4k or 8k buffer', 'invalid_response', `${invalid} attempts failed with an invalid or oversized response`);
  }

  const keepaliveUpstreams = named('upstream').filter((u) => flatten(u.children).some((c) => c.name === 'keepalive'));
  const closed = seen(observed, 'upstream_closed_early') + seen(observed, 'upstream_reset');
  for (const upstream of keepaliveUpstreams) {
    const name = upstream.args[0] ?? '';
    for (const pass of named('proxy_pass').filter((p) => (p.args[0] ?? '').replace(/^https?:\/\//, '').split(/[/:]/)[0] === name)) {
      const siblings = all.filter((d) => d.context.join('>') === pass.context.join('>') || pass.context.join('>').startsWith(d.context.join('>')));
      const http11 = siblings.some((d) => d.name === 'proxy_http_version' && d.args[0] === '1.1');
      const cleared = siblings.some((d) => d.name === 'proxy_set_header' && /^connection$/i.test(d.args[0] ?? '') && (d.args[1] ?? '') === '');
      if (!http11 || !cleared) {
        add(pass, `upstream ${name} keeps connections alive, but this location ${http11 ? '' : 'speaks HTTP/1.0 (no proxy_http_version 1.1)'}${!http11 && !cleared ? ' and ' : ''}${cleared ? '' : 'passes the client\'s Connection header (no proxy_set_header Connection "")'}: connections close under it and tries fail as reset or closed early`, closed ? 'upstream_reset' : 'upstream_closed_early', `${closed} attempts failed as reset or closed early`);
      }
    }
  }

  const timeouts = seen(observed, 'upstream_timeout');
  for (const d of [...named('proxy_read_timeout'), ...named('proxy_connect_timeout')]) {
    const limit = seconds(d.args[0]);
    if (limit === null) continue;
    const slow = observed.p99Ms !== null && observed.p99Ms / 1000 >= limit * 0.8;
    if (timeouts > 0 || slow) {
      add(d, `${d.name} ${d.args[0]} gives up on upstreams slower than that (504, or 502 after retries)`, 'upstream_timeout',
        `${timeouts} attempts timed out${observed.p99Ms !== null ? `; the slowest 1% of responses took ${Math.round(observed.p99Ms)} ms` : ''}`);
    }
  }

  const noLive = seen(observed, 'no_healthy_upstream') + seen(observed, 'upstream_refused');
  for (const upstream of named('upstream')) {
    const servers = upstream.children.filter((c) => c.name === 'server');
    for (const server of servers) {
      const explicit = /max_fails=|fail_timeout=/.test(server.args.join(' '));
      const maxFails = Number(/max_fails=(\d+)/.exec(server.args.join(' '))?.[1] ?? 1);
      const failTimeout = /fail_timeout=(\S+)/.exec(server.args.join(' '))?.[1] ?? '10s';
      if (servers.length > 1 && maxFails > 0 && maxFails <= 1) {
        add(server, `max_fails=${maxFails} with fail_timeout=${failTimeout}${explicit ? '' : " (nginx's defaults)"}: one failure takes this server out for ${failTimeout}; when every server of ${upstream.args[0]} has one, the pool empties ("no live upstreams", 502)`, seen(observed, 'no_healthy_upstream') ? 'no_healthy_upstream' : 'upstream_refused', `${noLive} attempts failed as refused or with no live upstream`);
      }
    }
  }

  const tls = seen(observed, 'tls_failure');
  for (const pass of named('proxy_pass').filter((p) => (p.args[0] ?? '').startsWith('https://'))) {
    const scope = all.filter((d) => pass.context.join('>').startsWith(d.context.join('>')));
    if (!scope.some((d) => d.name === 'proxy_ssl_server_name' && d.args[0] === 'on')) {
      add(pass, 'TLS to the upstream without SNI (proxy_ssl_server_name is off by default): servers that need the name fail the handshake', 'tls_failure', `${tls} attempts failed the TLS handshake`);
    }
  }

  const dns = seen(observed, 'dns_failure');
  const resolver = named('resolver').length > 0;
  for (const pass of named('proxy_pass').filter((p) => (p.args[0] ?? '').includes('$'))) {
    if (!resolver) add(pass, 'a proxy_pass with a variable resolves the name at request time, which needs a resolver directive; without one every request fails ("no resolver defined to resolve …")', 'dns_failure', `${dns} attempts failed to resolve`);
  }
  return { points: points.sort((a, b) => Number(b.relevant) - Number(a.relevant) || a.line - b.line), errors };
}
