/**
 * The upstream server a probe target points at, as gateways name servers ("10.0.3.7:8080"), so probe
 * results line up with the attempts of that server. Null when the target names no port or address.
 */
export function serverOfTarget(target: string): string | null {
  const text = target.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    try {
      const url = new URL(text);
      const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
      return port ? `${url.hostname.replace(/^\[|\]$/g, '')}:${port}`.replace(/^([0-9a-f:]*:[0-9a-f:]*):(\d+)$/i, '[$1]:$2') : null;
    } catch {
      return null;
    }
  }
  return /^(\[[0-9a-f:]+\]|[^\s:/]+):\d+$/i.test(text) ? text : null;
}
