import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { GatewayEventRecord, RequestRecord } from '../formats/types';
import { REDACTED, type Redaction } from './redaction-kinds';

/*
 * Redaction on ingest (DESIGN section 9): what the engineer asked to keep out of the store, the incident
 * link and the report, before any of it is stored. Upstream addresses, paths, statuses and times, which
 * the analysis rests on, are never touched.
 *   query    the values of query strings (/search?q=REDACTED&page=REDACTED)
 *   tokens   credentials: Bearer/Basic values, JWTs, and values of keys such as token, api_key, password
 *   clients  client addresses, replaced by stable stand-ins from the benchmarking ranges (198.18.0.0/15,
 *            2001:db8::/32), the same within an incident, so one client's requests still group together
 */
// Values stop at what ends a field in any gateway's line: space, quote, JSON escape, HAProxy's | and }.
const VALUE = `[^\\s"'\\\\|{}&#]`;
const QUERY_VALUE = new RegExp(`([?&](?:[^=&\\s"'\\\\|{}#?]+)=)${VALUE}+`, 'g');
const AUTH_SCHEME = /\b(Bearer|Basic|Token|Digest)(\s+)[A-Za-z0-9._~+/=-]{6,}/g;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
const SECRET_KEYS = 'access_token|refresh_token|id_token|token|api[_-]?key|apikey|secret|client_secret|password|passwd|pwd|session|session_?id|sid|signature|sig|auth';
const SECRET_VALUE = new RegExp(`\\b(${SECRET_KEYS})(["']?\\s*[=:]\\s*["']?)(?!${REDACTED})${VALUE}+`, 'gi');

const IPV4 = /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g;
/**
 * What could be an IPv6 address: hex groups and at least two colons, not inside a longer run of them or an IPv4 address.
 * isIP then decides: a time such as 2026:11:35:48 has neither eight groups nor "::".
 */
const IPV6_CANDIDATE = /(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:.])/g;

/** Stand-ins remembered at most: bounded memory whatever the number of clients. */
const STAND_INS_KEPT = 100_000;

export class Redactor {
  private readonly kinds: ReadonlySet<Redaction>;
  private readonly standIns = new Map<string, string>();

  /** `key`: the incident's secret for client stand-ins; without it they could be reversed by trying every address. */
  constructor(kinds: readonly Redaction[], private readonly key: string) {
    this.kinds = new Set(kinds);
  }

  /** A line's text, before it is parsed: query values and credentials out. */
  line(text: string): string {
    let out = text;
    if (this.kinds.has('query') && out.includes('=')) out = out.replace(QUERY_VALUE, `$1${REDACTED}`);
    if (this.kinds.has('tokens')) {
      out = out.replace(AUTH_SCHEME, `$1$2${REDACTED}`).replace(JWT, REDACTED).replace(SECRET_VALUE, `$1$2${REDACTED}`);
    }
    return out;
  }

  /**
   * A parsed request and its line with its client's address replaced, and nothing that names an upstream or
   * the host. The record is changed in place: it was just parsed, and a copy of a different shape would
   * slow down every later read of it.
   */
  request(record: RequestRecord, text: string): { record: RequestRecord; text: string } {
    if (!this.kinds.has('clients') || !record.client) return { record, text };
    // The Host header names the gateway (often on the client's loopback address in tests): not the client.
    const kept = record.attempts.flatMap((a) => (a.server ? [a.server] : []));
    if (record.host && record.host !== record.client) kept.push(record.host);
    const redactedText = this.replaceAddress(text, record.client, kept);
    record.client = this.address(record.client);
    if (record.connection) record.connection = this.address(record.connection);
    return { record, text: redactedText };
  }

  event(event: GatewayEventRecord, text: string): { event: GatewayEventRecord; text: string } {
    if (!this.kinds.has('clients') || !event.client) return { event, text };
    const kept = [event.server, event.upstreamUrl, event.host !== event.client ? event.host : null].flatMap((s) => (s ? [s] : []));
    const redactedText = this.replaceAddress(text, event.client, kept);
    event.client = this.address(event.client);
    if (event.connection && isAddress(event.connection)) event.connection = this.address(event.connection);
    return { event, text: redactedText };
  }

  /**
   * A line that could not be parsed: which address is the client cannot be told, so with client redaction
   * every IPv4 and IPv6 address in it is replaced (a rejected line is evidence of what was wrong, not analysed).
   * IPv4 first: the IPv4 part of an IPv4-mapped address (::ffff:10.1.2.3) is then replaced on its own.
   */
  rejected(text: string): string {
    if (!this.kinds.has('clients')) return text;
    const v4 = text.replace(IPV4, (ip) => (isIP(ip) ? this.standIn(ip) : ip));
    return v4.includes(':') ? v4.replace(IPV6_CANDIDATE, (ip) => (isIP(ip) === 6 ? this.standIn(ip) : ip)) : v4;
  }

  /** `ip` or `ip:port` (IPv6 bracketed or not) with the IP replaced by its stand-in; anything else as it is. */
  address(value: string): string {
    const { ip, rest } = splitAddress(value);
    if (!ip) return value;
    const standIn = this.standIn(ip);
    return rest.bracketed ? `[${standIn}]${rest.port}` : `${standIn}${rest.port}`;
  }

  /** An HMAC per address, remembered: a log holds few clients and many lines of each (1M lines: 18 s without). */
  private standIn(ip: string): string {
    let standIn = this.standIns.get(ip);
    if (standIn === undefined) {
      const digest = createHmac('sha256', this.key).update(ip).digest();
      standIn = isIP(ip) === 6
        ? `2001:db8:${digest.readUInt16BE(0).toString(16)}:${digest.readUInt16BE(2).toString(16)}::${digest.readUInt16BE(4).toString(16)}`
        : `198.${18 + (digest[0]! & 1)}.${digest[1]}.${digest[2]}`;
      if (this.standIns.size >= STAND_INS_KEPT) this.standIns.clear();
      this.standIns.set(ip, standIn);
    }
    return standIn;
  }

  /** Every occurrence of the client's IP in the line, except inside the upstream addresses the line names. */
  private replaceAddress(text: string, client: string, upstreams: readonly string[]): string {
    const { ip } = splitAddress(client);
    if (!ip) return text;
    const standIn = this.standIn(ip);
    // Only upstreams on the client's own host can hold its address; usually there are none to look at.
    const sameHost = upstreams.filter((u) => u.includes(ip));
    let out = '';
    let from = 0;
    for (let at = text.indexOf(ip); at >= 0; at = text.indexOf(ip, at + ip.length)) {
      const before = text[at - 1];
      const after = text[at + ip.length];
      // Not part of a longer address (127.0.0.1 inside 127.0.0.10 or 10.127.0.0.1).
      const whole = !isAddressChar(before) && !(after !== undefined && /[0-9a-fA-F]/.test(after));
      if (!whole || sameHost.some((u) => occursAt(text, u, at))) continue;
      out += text.slice(from, at) + standIn;
      from = at + ip.length;
    }
    return out + text.slice(from);
  }
}

/** Whether the upstream address `u` (or an URL holding it) covers the position `at` of the text. */
function occursAt(text: string, u: string, at: number): boolean {
  for (let start = text.indexOf(u); start >= 0; start = text.indexOf(u, start + 1)) {
    if (start <= at && at < start + u.length) return true;
  }
  return false;
}

const isAddressChar = (c: string | undefined) => c !== undefined && /[0-9a-fA-F.:]/.test(c);
const isAddress = (value: string) => splitAddress(value).ip !== null;

function splitAddress(value: string): { ip: string | null; rest: { port: string; bracketed: boolean } } {
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(value);
  if (bracketed && isIP(bracketed[1]!)) return { ip: bracketed[1]!, rest: { port: bracketed[2] ?? '', bracketed: true } };
  if (isIP(value)) return { ip: value, rest: { port: '', bracketed: false } };
  const withPort = /^(.+):(\d+)$/.exec(value);
  if (withPort && isIP(withPort[1]!) === 4) return { ip: withPort[1]!, rest: { port: `:${withPort[2]}`, bracketed: false } };
  return { ip: null, rest: { port: '', bracketed: false } };
}
