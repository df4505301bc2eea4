import { readFileSync } from 'node:fs';
import http from 'node:http';
import { isRunning, type GatewayProcess } from '../processes';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/ready', agent: false, timeout: 500 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) < 500);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

const tail = (path: string) => {
  try {
    return readFileSync(path, 'utf8').slice(-2000);
  } catch {
    return '(nothing written)';
  }
};

/**
 * Waits until the gateway answers on its unlogged ready listener (at most 10 s). If it exits or never answers,
 * the error quotes its own output, since that is where nginx, HAProxy and Caddy say what they did not like.
 */
export async function waitUntilReady(name: string, gateway: GatewayProcess, readyPort: number, outputs: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!isRunning(gateway.pid)) break;
    if (await answers(readyPort)) return;
    await sleep(50);
  }
  await gateway.stop();
  throw new Error(`${name} did not start (pid ${gateway.pid}):\n${outputs.map((p) => `${p}:\n${tail(p)}`).join('\n')}`);
}
