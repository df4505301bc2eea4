import type { PeerCertificate, TLSSocket } from 'node:tls';
import type { TlsDetails } from '../types';

/** "CN=upstream.test, O=Example": the distinguished name as openssl prints it, in the certificate's order. */
function dn(name: PeerCertificate['subject'] | undefined): string | null {
  if (!name || typeof name !== 'object') return null;
  const parts = Object.entries(name).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${key}=${String(v)}`));
  return parts.length > 0 ? parts.join(', ') : null;
}

/** What the handshake showed: version, the peer certificate's subject, issuer and expiry, the SNI sent. */
export function tlsDetailsOf(socket: TLSSocket, sni: string | null): TlsDetails {
  const cert = socket.getPeerCertificate();
  const hasCert = cert && Object.keys(cert).length > 0;
  const notAfter = hasCert && cert.valid_to ? Date.parse(cert.valid_to) : NaN;
  return {
    version: socket.getProtocol() ?? null,
    subject: hasCert ? dn(cert.subject) : null,
    issuer: hasCert ? dn(cert.issuer) : null,
    notAfter: Number.isFinite(notAfter) ? notAfter : null,
    sni,
  };
}

const verifyWords: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issuer not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issuer not trusted',
  CERT_HAS_EXPIRED: 'certificate expired',
  CERT_NOT_YET_VALID: 'certificate not yet valid',
};

/**
 * The certificate check a verifying client would have made. Probes connect with verification off (an
 * upstream with a private CA is still reachable, and the cert is still recorded), so this note goes into
 * the result's `detail` as information, while `ok` says whether the handshake (or HTTP) worked.
 */
export function verificationNote(socket: TLSSocket): string | null {
  if (socket.authorized) return null;
  // Node sets authorizationError to the OpenSSL code as a string, though its type says Error.
  const reason: unknown = socket.authorizationError;
  const code = reason instanceof Error ? String((reason as { code?: unknown }).code ?? reason.message) : String(reason ?? 'unknown');
  return `certificate not verified: ${verifyWords[code] ?? code} (${code}); probed with verification off`;
}
