import { connect } from 'node:net';
import type { ProbeResult } from '../types';
import { runProbe, type ProbeOptions } from './clock';
import { describeNetError } from './describe-error';
import { probeTimeout } from './limits';
import { pinnedLookup } from './pinned-lookup';
import { parseEndpoint } from './target';

/**
 * Can a TCP connection to host:port be opened? ok on connect; the connection is closed at once and no
 * byte is sent, so it is the cheapest probe an upstream can receive.
 */
export async function probeTcp(target: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const timeoutMs = probeTimeout(options.timeoutMs);
  const ep = parseEndpoint(target, 'tcp');
  return runProbe('tcp', target, { timeoutMs, signal: options.signal }, (end) => {
    const socket = connect({ host: ep.host, port: ep.port ?? 0, lookup: pinnedLookup(options.addresses, options.lookupError) });
    socket.once('connect', () => end({ ok: true }));
    socket.once('error', (error) => end({ error: describeNetError(error) }));
    return socket;
  });
}
