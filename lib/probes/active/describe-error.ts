/**
 * Node's network errors in the words an on-call engineer searches for, each with the code kept in
 * parentheses so the text still matches what the gateway's own error log says ("connect() failed
 * (111: Connection refused)", "upstream prematurely closed connection").
 */
const byCode: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host down',
  ETIMEDOUT: 'connect timed out in the kernel',
  EADDRNOTAVAIL: 'address not available',
  ENOTFOUND: 'could not resolve host',
  EAI_AGAIN: 'DNS lookup failed temporarily',
  ERR_SSL_WRONG_VERSION_NUMBER: 'TLS handshake failed: wrong version number (the port may speak plain HTTP, not TLS)',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'TLS handshake failed: no TLS version both sides accept',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'TLS handshake failed: the server refused our TLS version',
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: 'TLS handshake failed: the server sent a handshake failure alert',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'TLS handshake failed: no TLS version both sides accept',
};

interface NodeError {
  code?: string;
  message?: string;
  syscall?: string;
}

export function describeNetError(error: unknown): string {
  const e = (error ?? {}) as NodeError;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  // The HTTP client reports a connection closed before any response as ECONNRESET "socket hang up";
  // a real RST reads "read ECONNRESET". They are different causes (closed early vs reset).
  // The guard's own lookup failure, passed through the pinned lookup: its text already says it all.
  if (message.startsWith('could not resolve ')) return message;
  if (message === 'socket hang up') return 'connection closed before response headers (socket hang up)';
  if (code.startsWith('HPE_')) return `malformed response (${code}: ${message.replace(/^Parse Error: /, '')})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `certificate does not match the name (${message})`;
  if (code.startsWith('ERR_SSL_') || /alert|handshake/i.test(message)) {
    const known = byCode[code];
    return known ? `${known} (${code})` : `TLS handshake failed: ${message.replace(/^[0-9A-F]+:error:[0-9A-F]+:/, '')}${code ? ` (${code})` : ''}`;
  }
  const words = byCode[code];
  if (words) return `${words} (${code})`;
  return code ? `${message} (${code})` : message;
}

/** What a probe gets in place of a connection when the guard could not resolve the host. */
export function lookupFailed(host: string, reason: string): string {
  return `could not resolve ${host}: ${reason}`;
}
