/** "host:port" or a URL, split into what a probe connects to. */
export interface ProbeAddress {
  host: string;
  port: number;
  /** The URL for http probes. */
  url: string;
  tls: boolean;
}

export function addressOf(target: string, defaultTls = false): ProbeAddress {
  const text = target.trim();
  if (/^https?:\/\//i.test(text)) {
    const url = new URL(text);
    const tls = url.protocol === 'https:';
    return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || (tls ? 443 : 80)), url: url.href, tls };
  }
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(text);
  if (!match) throw new Error(`"${target}" is neither host:port nor a URL`);
  const [, host, port] = match as unknown as [string, string, string];
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return { host, port: Number(port), url: `${defaultTls ? 'https' : 'http'}://${bracketed}:${port}/`, tls: defaultTls };
}

/** Node's error codes in the words an engineer reads in a runbook. */
export function describeNetError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  switch (error.code) {
    case 'ECONNREFUSED': return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET': return 'connection reset (ECONNRESET)';
    case 'ETIMEDOUT': case 'PROBE_TIMEOUT': return `timed out after ${timeoutMs} ms`;
    case 'EHOSTUNREACH': return 'host unreachable (EHOSTUNREACH)';
    case 'ENETUNREACH': return 'network unreachable (ENETUNREACH)';
    case 'ENOTFOUND': return 'name not found (ENOTFOUND)';
    default: return error.code ? `${error.message} (${error.code})` : error.message;
  }
}
