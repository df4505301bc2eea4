import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real upstreams on 127.0.0.1 for the prober tests, each failing the way upstreams fail behind a gateway.
 * Every server, socket and child started here is registered and ended by `closeAll`, which the tests call
 * in afterEach/afterAll, so a failing test leaves nothing listening.
 */
const cleanups: (() => Promise<void> | void)[] = [];

export async function closeAll(): Promise<void> {
  const all = cleanups.splice(0).reverse();
  for (const cleanup of all) await cleanup();
}

/** Listens on an OS-assigned loopback port; open connections are destroyed at close so close cannot hang. */
export function listen(server: Server): Promise<number> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // A TLS server reports its TCP connections here; 'connection' above sees them too.
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** A port nothing listens on: bound by us, then closed, so the kernel answers RST (connection refused). */
export async function refusedPort(server: Server): Promise<number> {
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A self-signed certificate for CN=upstream.test, made with openssl for this run. */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-lens-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=upstream.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A listener whose accept queue is full, so the kernel drops new SYNs and a connect hangs: the only way
 * to make a TCP connect time out on loopback. A child Node listens with a backlog of 1 and blocks its
 * event loop so it never accepts; we fill the queue until a connect no longer completes.
 */
export async function unacceptingPort(): Promise<number> {
  const script = `const s=require('net').createServer();s.listen({port:0,host:'127.0.0.1',backlog:1},()=>{process.stdout.write(s.address().port+'\\n');setTimeout(()=>Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,60000),50)})`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  const fillers: Socket[] = [];
  cleanups.push(() => {
    for (const f of fillers) f.destroy();
    child.kill();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('error', reject);
  });
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < 8; i++) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('error', () => undefined);
    fillers.push(socket);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 500);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) return port;
  }
  throw new Error('could not fill the accept queue');
}

export interface ZoneEntry {
  A?: string[];
  AAAA?: string[];
  /** 2 SERVFAIL, 5 REFUSED. */
  rcode?: number;
  /** Never answer: a resolver that times out. */
  silent?: boolean;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** A tiny authoritative DNS server on 127.0.0.1 (UDP) answering A and AAAA from `zone`; other names get NXDOMAIN. */
export async function startDns(zone: Record<string, ZoneEntry>): Promise<string> {
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (msg, peer) => {
    let offset = 12;
    const labels: string[] = [];
    while (offset < msg.length && msg[offset] !== 0) {
      const len = msg[offset]!;
      labels.push(msg.subarray(offset + 1, offset + 1 + len).toString('ascii'));
      offset += len + 1;
    }
    const qtype = msg.readUInt16BE(offset + 1);
    const questionEnd = offset + 5;
    const entry = zone[labels.join('.').toLowerCase()];
    if (entry?.silent) return;
    const rcode = entry ? (entry.rcode ?? 0) : 3;
    const records = rcode !== 0 || !entry ? [] : qtype === 1 ? (entry.A ?? []).map((a) => Buffer.from(a.split('.').map(Number))) : qtype === 28 ? (entry.AAAA ?? []).map(ipv6Bytes) : [];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(msg.readUInt16BE(0), 0);
    header.writeUInt16BE(0x8000 | 0x0400 | (msg.readUInt16BE(2) & 0x0100) | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(records.length, 6);
    const answers = records.map((rdata) => {
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0);
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4);
      rr.writeUInt32BE(60, 6);
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    udp.send(Buffer.concat([header, msg.subarray(12, questionEnd), ...answers]), peer.port, peer.address);
  });
  cleanups.push(() => new Promise<void>((resolve) => udp.close(() => resolve())));
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
  return `127.0.0.1:${udp.address().port}`;
}
