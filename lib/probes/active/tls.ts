import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { ProbeResult } from '../types';
import { activeResult, startClock, type ProbeOptions } from './clock';
import { describeNetError } from './describe-error';
import { probeTimeout } from './limits';
import { pinnedLookup } from './pinned-lookup';
import { parseEndpoint } from './target';
import { tlsDetailsOf, verificationNote } from './tls-details';

export interface TlsProbeOptions extends ProbeOptions {
  /** The server name to send; by default the target's host when it is a name (never an IP, as RFC 6066 says). */
  sni?: string;
}

/**
 * A TLS handshake with host:port: ok when it completes, whatever the certificate (the certificate is
 * recorded in `tls`, and a failed verification is noted in `detail`). Nothing is sent after the handshake.
 */
export async function probeTls(target: string, options: TlsProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = probeTimeout(options.timeoutMs);
  const ep = parseEndpoint(target, 'tls');
  const sni = options.sni ?? (isIP(ep.host.split('%')[0]!) ? null : ep.host);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (fields: Partial<ProbeResult>) => {
      if (settled) return;
      settled = true;
      clock.stop();
      socket.destroy();
      resolve(activeResult('tls', target, clock.time, { latencyMs: clock.elapsed(), tls: null, ...fields }));
    };
    const clock = startClock(timeoutMs, options.signal, (reason) => settle({ error: reason, tls: { version: null, subject: null, issuer: null, notAfter: null, sni } }));
    const socket = connect({
      host: ep.host,
      port: ep.port ?? 0,
      servername: sni ?? undefined,
      rejectUnauthorized: false,
      lookup: pinnedLookup(options.addresses, options.lookupError),
    });
    socket.once('secureConnect', () => {
      const s = socket;
      settle({ ok: true, tls: tlsDetailsOf(s, sni), detail: verificationNote(s) });
    });
    socket.once('error', (error) => settle({ error: describeNetError(error), tls: { version: null, subject: null, issuer: null, notAfter: null, sni } }));
    // A server that accepts and then closes without a word ends the socket before any handshake.
    socket.once('close', () => settle({ error: 'connection closed during the TLS handshake' }));
  });
}
