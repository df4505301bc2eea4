/**
 * Ports 19000-19999 only (other fixtures use 184xx-185xx, the app 3000/3100). Each scenario owns a block of 20:
 * the gateway's port, its unlogged ready port, then one port per upstream server.
 */
export const FIRST_PORT = 19000;
export const BLOCK_SIZE = 20;

export function portsOf(block: number) {
  const base = FIRST_PORT + BLOCK_SIZE * block;
  if (block < 0 || base + BLOCK_SIZE > 20000) throw new Error(`port block ${block} is outside 19000-19999`);
  return { gateway: base, ready: base + 1, upstream: (n: number) => base + 2 + n };
}
