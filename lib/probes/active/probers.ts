import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeResult } from '../types';
import { addressOf, describeNetError } from './target';

const active = (time: number, target: string, kind: ProbeResult['kind']): ProbeResult => ({
  time, target, kind, ok: false, status: null, latencyMs: null, error: null, origin: 'active',
});

const timeoutError = () => Object.assign(new Error('timed out'), { code: 'PROBE_TIMEOUT' });

/** TCP: does the server accept a connection? */
export function probeTcp(target: string, timeoutMs: number): Promise<ProbeResult> {
  const start = Date.now();
  const { host, port } = addressOf(target);
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (error: NodeJS.ErrnoException | null) => {
      socket.destroy();
      resolve({ ...active(start, target, 'tcp'), ok: !error, latencyMs: Date.now() - start, error: error ? describeNetError(error, timeoutMs) : null });
    };
    socket.setTimeout(timeoutMs, () => done(timeoutError()));
    socket.once('connect', () => done(null));
    socket.once('error', done);
  });
}

/** HTTP: one GET, no redirects followed; a 5xx the server answered is a failed probe, with the status. */
export function probeHttp(target: string, timeoutMs: number): Promise<ProbeResult> {
  const start = Date.now();
  const address = addressOf(target);
  const client = address.tls ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Partial<ProbeResult>) => {
      if (settled) return;
      settled = true;
      resolve({ ...active(start, target, 'http'), latencyMs: Date.now() - start, ...result });
    };
    const request = client.get(address.url, { timeout: timeoutMs, rejectUnauthorized: false, headers: { 'user-agent': 'gateway-lens-probe' } }, (response) => {
      const ttfbMs = Date.now() - start;
      const status = response.statusCode ?? null;
      response.resume();
      response.once('end', () =>
        finish({ ok: status !== null && status < 500, status, ttfbMs, error: status !== null && status >= 500 ? `answered ${status}` : null }),
      );
      response.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, status, ttfbMs, error: describeNetError(error, timeoutMs) }));
    });
    request.once('timeout', () => request.destroy(timeoutError()));
    request.once('error', (error: NodeJS.ErrnoException) => {
      const text = error.message === 'socket hang up' ? 'closed before answering (socket hang up)' : describeNetError(error, timeoutMs);
      finish({ ok: false, error: text });
    });
  });
}

/** DNS: does the name resolve? Through the system's resolver, /etc/hosts included. */
export async function probeDns(target: string, timeoutMs: number): Promise<ProbeResult> {
  const start = Date.now();
  const name = /^https?:\/\//.test(target) ? new URL(target).hostname : target.replace(/:\d+$/, '');
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeoutError()), timeoutMs)));
    const addresses = (await Promise.race([lookup(name, { all: true }), timeout])).map((a) => a.address);
    return { ...active(start, target, 'dns'), ok: addresses.length > 0, latencyMs: Date.now() - start, addresses };
  } catch (error) {
    return { ...active(start, target, 'dns'), latencyMs: Date.now() - start, error: describeNetError(error as NodeJS.ErrnoException, timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}

const name = (cn: string | string[] | undefined) => (Array.isArray(cn) ? cn.join(', ') : (cn ?? null));

/** TLS: does the handshake complete, with which version and certificate? Self-signed certificates are reported, not refused. */
export function probeTls(target: string, timeoutMs: number, sni?: string): Promise<ProbeResult> {
  const start = Date.now();
  const { host, port } = addressOf(target, true);
  const servername = sni ?? (net.isIP(host) ? undefined : host);
  return new Promise((resolve) => {
    const socket = tls.connect({ host, port, servername, rejectUnauthorized: false });
    const finish = (error: NodeJS.ErrnoException | null) => {
      const cert = error ? null : socket.getPeerCertificate();
      const details = cert && Object.keys(cert).length
        ? { version: socket.getProtocol() ?? null, subject: name(cert.subject?.CN), issuer: name(cert.issuer?.CN), notAfter: Date.parse(cert.valid_to) || null, sni: servername ?? null }
        : null;
      socket.destroy();
      resolve({ ...active(start, target, 'tls'), ok: !error, latencyMs: Date.now() - start, tls: details, error: error ? describeNetError(error, timeoutMs) : null });
    };
    socket.setTimeout(timeoutMs, () => finish(timeoutError()));
    socket.once('secureConnect', () => finish(null));
    socket.once('error', finish);
  });
}
