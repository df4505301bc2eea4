import { isIP } from 'node:net';
import { invalidInput } from '../../errors';
import type { ProbeKind } from '../types';

/** Where a probe goes. `host` is as written (brackets off, IPv6 zone kept) so a connection can use it. */
export interface Endpoint {
  host: string;
  /** Null only for a bare name (a dns target). */
  port: number | null;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The form hosts are compared in: lower case, no brackets, no trailing dot, no IPv6 zone, IPv6 in its
 * canonical text and IPv4-mapped IPv6 as plain IPv4, so "[::FFFF:169.254.169.254]" cannot slip past a
 * rule written for 169.254.169.254.
 */
export function normalizeHost(host: string): string {
  let h = host.trim().replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  if (isIP(h) === 6) {
    h = new URL(`http://[${h}]/`).hostname.replace(/^\[|\]$/g, '');
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
    if (mapped) {
      const hi = parseInt(mapped[1]!, 16);
      const lo = parseInt(mapped[2]!, 16);
      h = [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
    }
  }
  return h;
}

function validPort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/** "host:port", "[v6]:port", "host" or a bare IPv6 address; null when it is none of these. */
export function parseHostPort(text: string): Endpoint | null {
  const t = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(t);
  if (bracketed) {
    const port = bracketed[2] === undefined ? null : validPort(bracketed[2]);
    if (bracketed[2] !== undefined && port === null) return null;
    return isIP(bracketed[1]!.split('%')[0]!) === 6 ? { host: bracketed[1]!, port } : null;
  }
  if (isIP(t.split('%')[0]!) === 6) return { host: t, port: null };
  const m = /^([a-z0-9._-]+)(?::(\d+))?$/i.exec(t);
  if (!m) return null;
  const port = m[2] === undefined ? null : validPort(m[2]);
  if (m[2] !== undefined && port === null) return null;
  return { host: m[1]!, port };
}

/** The URL an http probe requests: a URL as given, or "host:port" as http://host:port/. */
export function httpUrl(target: string): URL {
  const t = target.trim();
  if (SCHEME.test(t)) {
    let url: URL;
    try {
      url = new URL(t);
    } catch {
      throw invalidInput(`"${target}" is not a valid URL`, { target });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw invalidInput(`an http probe needs an http:// or https:// URL, not ${url.protocol}//`, { target });
    }
    if (url.username || url.password) throw invalidInput('probe URLs may not carry credentials', { target });
    return url;
  }
  const ep = parseHostPort(t);
  if (!ep || ep.port === null) throw invalidInput(`"${target}" is neither a URL nor host:port`, { target });
  return new URL(`http://${formatEndpoint(ep)}/`);
}

/** "host:port" with brackets around IPv6. */
export function formatEndpoint(ep: Endpoint): string {
  const host = ep.host.includes(':') ? `[${ep.host}]` : ep.host;
  return ep.port === null ? host : `${host}:${ep.port}`;
}

/** The endpoint a target of this kind reaches; throws invalid_input when the target does not fit the kind. */
export function parseEndpoint(target: string, kind?: ProbeKind): Endpoint {
  if (kind === 'http' || (kind === undefined && SCHEME.test(target.trim()))) {
    const url = httpUrl(target);
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port };
  }
  const ep = parseHostPort(target);
  if (!ep) throw invalidInput(`"${target}" is not a host name, address or host:port`, { target });
  if ((kind === 'tcp' || kind === 'tls') && ep.port === null) {
    throw invalidInput(`a ${kind} probe needs host:port, got "${target}"`, { target });
  }
  if (kind === 'dns' && ep.port !== null) throw invalidInput(`a dns probe takes a name, not host:port ("${target}")`, { target });
  return ep;
}
