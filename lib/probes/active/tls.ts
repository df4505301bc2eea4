import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { ProbeResult } from '../types';
import { runProbe, type ProbeOptions } from './clock';
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
  // A failed handshake still records the SNI that was sent.
  const failed = (error: string): Partial<ProbeResult> => ({ error, tls: { version: null, subject: null, issuer: null, notAfter: null, sni } });
  return runProbe('tls', target, { timeoutMs, signal: options.signal }, (end) => {
    const socket = connect({
      host: ep.host,
      port: ep.port ?? 0,
      servername: sni ?? undefined,
      rejectUnauthorized: false,
      lookup: pinnedLookup(options.addresses, options.lookupError),
    });
    socket.once('secureConnect', () => end({ ok: true, tls: tlsDetailsOf(socket, sni), detail: verificationNote(socket) }));
    socket.once('error', (error) => end(failed(describeNetError(error))));
    // A server that accepts and then closes without a word ends the socket before any handshake.
    socket.once('close', () => end({ error: 'connection closed during the TLS handshake' }));
    return socket;
  }, failed, () => ({ tls: null }));
}
