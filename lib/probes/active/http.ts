import { request as httpRequest, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ProbeResult, TlsDetails } from '../types';
import { runProbe, type ProbeOptions } from './clock';
import { describeNetError } from './describe-error';
import { MAX_BODY_BYTES, probeTimeout } from './limits';
import { pinnedLookup } from './pinned-lookup';
import { httpUrl } from './target';
import { tlsDetailsOf, verificationNote } from './tls-details';

/** What a 5xx from the target itself means, so it is not mistaken for the gateway's own 502. */
function serverError(status: number): string {
  const reason = STATUS_CODES[status] ?? 'server error';
  return `the target itself answered ${status} ${reason}: it (or a proxy in front of it) failed the request, so HTTP works but the service does not`;
}

/**
 * One GET of a URL (or http://host:port/), following no redirect. ok when a response came with a status
 * below 500: a 3xx or 4xx means the upstream is up and answering; a 5xx the server sends itself is not ok.
 * For https the certificate is not verified (see tls-details.ts): ok says whether HTTP worked.
 * ttfbMs: until the first byte of the response; latencyMs: until the body ended (or MAX_BODY_BYTES).
 */
export async function probeHttp(target: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = probeTimeout(options.timeoutMs);
  const url = httpUrl(target);
  const https = url.protocol === 'https:';
  let phase = 'while connecting';
  let status: number | null = null;
  let ttfbMs: number | null = null;
  let tls: TlsDetails | null = null;
  let detail: string | null = null;
  const gathered = () => ({ status, ttfbMs, tls: https ? tls : null, detail });
  return runProbe('http', target, { timeoutMs, signal: options.signal }, (settle, clock) => {
    const make = https ? httpsRequest : httpRequest;
    const req = make(url, {
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'gateway-lens-probe', accept: '*/*', connection: 'close' },
      lookup: pinnedLookup(options.addresses, options.lookupError),
      rejectUnauthorized: false,
    });
    req.once('socket', (socket: Socket) => {
      socket.once(https ? 'secureConnect' : 'connect', () => {
        phase = 'waiting for response headers';
        if (https) {
          const s = socket as TLSSocket;
          // Node sends the URL's host as SNI unless it is an IP address.
          tls = tlsDetailsOf(s, isIP(url.hostname.replace(/^\[|\]$/g, '')) ? null : url.hostname);
          detail = verificationNote(s);
        }
      });
      // First byte of the answer, before the parser has the whole header block.
      socket.once('data', () => {
        ttfbMs ??= clock.elapsed();
      });
    });
    req.once('response', (res) => {
      ttfbMs ??= clock.elapsed();
      status = res.statusCode ?? null;
      phase = 'reading the response body';
      const fine = status !== null && status < 500;
      const verdict = { ok: fine, error: fine ? null : serverError(status ?? 0) };
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes >= MAX_BODY_BYTES) settle(verdict);
      });
      res.once('end', () => settle(verdict));
      res.once('aborted', () => settle({ error: 'connection closed in the middle of the response body' }));
      res.once('error', (error) => settle({ error: `response body cut off: ${describeNetError(error)}` }));
    });
    req.once('error', (error) => settle({ error: describeNetError(error) }));
    req.end();
    return req;
  }, (reason) => ({ error: `${reason} ${phase}` }), gathered);
}
