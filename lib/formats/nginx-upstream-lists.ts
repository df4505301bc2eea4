import type { AttemptRecord } from './types';

/**
 * nginx writes one value per upstream try: ", " between tries of one upstream group and " : " between
 * groups after an internal redirect. "-" means the value never existed (no response, phase not reached).
 */
export function splitUpstreamList(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  // Most requests make one try: no list to split (this runs for every line of a large log).
  if (!value.includes(',') && !value.includes(' : ')) return [value];
  return value.split(' : ').flatMap((group) => group.split(', '));
}

/** Seconds as nginx writes them ("0.013") to milliseconds; "-" and anything unreadable to null. */
export function secondsToMs(value: string | undefined): number | null {
  if (value === undefined || value === '-' || value === '') return null;
  const exact = threeDecimals(value);
  if (exact !== null) return exact;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.round(seconds * 1000 * 1000) / 1000 : null;
}

/**
 * nginx writes times as seconds with exactly three decimals ("12.345"): read by hand into ms (12345), since
 * this runs for four fields of every line. Null for any other shape, which Number() then reads.
 */
function threeDecimals(value: string): number | null {
  const dot = value.length - 4;
  if (dot < 1 || value.charCodeAt(dot) !== 46) return null;
  let ms = 0;
  for (let i = 0; i < value.length; i++) {
    if (i === dot) continue;
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return null;
    ms = ms * 10 + digit;
  }
  return ms;
}

export interface UpstreamLists {
  addr?: string;
  status?: string;
  responseTime?: string;
  connectTime?: string;
  headerTime?: string;
}

/**
 * Zips nginx's parallel upstream lists into attempts: position i of every list is try i.
 * `$upstream_addr` is authoritative for how many tries there were.
 */
export function attemptsFromLists(lists: UpstreamLists): { attempts: AttemptRecord[]; groupName: string | null } {
  const addrs = splitUpstreamList(lists.addr);
  if (addrs.length === 0 || (addrs.length === 1 && addrs[0] === '-')) return { attempts: [], groupName: null };
  const statuses = splitUpstreamList(lists.status);
  const responses = splitUpstreamList(lists.responseTime);
  const connects = splitUpstreamList(lists.connectTime);
  const headers = splitUpstreamList(lists.headerTime);
  let groupName: string | null = null;
  const attempts = addrs.map((addr, i): AttemptRecord => {
    const isServer = looksLikeServer(addr);
    // When no server could be chosen, nginx writes the upstream group's name instead of an address.
    if (!isServer && addr !== '-') groupName = addr;
    const status = statuses[i];
    return {
      server: isServer ? addr : null,
      status: status === undefined || status === '-' ? null : status,
      responseMs: secondsToMs(responses[i]),
      connectMs: secondsToMs(connects[i]),
      headerMs: secondsToMs(headers[i]),
    };
  });
  return { attempts, groupName };
}

/** "host:port" (digits after the last colon) or a unix socket; anything else is an upstream group's name. */
function looksLikeServer(addr: string): boolean {
  if (addr.startsWith('unix:')) return true;
  const colon = addr.lastIndexOf(':');
  if (colon < 0 || colon === addr.length - 1) return false;
  for (let i = colon + 1; i < addr.length; i++) {
    const c = addr.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
