import { fitShare } from './fit';
import { fillSlots, jsonTimeReader, readJsonObject } from './nginx-json-line';
import { buildRequest } from './nginx-record';
import { SLOT_COUNT, Slot, slotOf, type SlotValues } from './nginx-variables';
import type { LogFormat, ParseResult } from './types';

/**
 * nginx access logs written with `log_format ... escape=json`, when the directive is not at hand: the
 * keys are taken to be nginx variable names, with or without a "$" ("remote_addr", "$msec" ...). A line
 * counts only when it has a time, a status and the request (or its method and URI), so JSON logs of
 * other gateways (Caddy's "ts"/"request" object, Traefik's "DownstreamStatus") do not read as nginx.
 */

/** Spellings seen in hand-written nginx JSON formats that are not variable names. */
const ALIASES: Readonly<Record<string, Slot>> = {
  method: Slot.method,
  request_uri: Slot.requestUri,
  user_agent: Slot.userAgent,
  upstream: Slot.upstreamAddr,
  x_forwarded_for: Slot.forwardedFor,
};

const slotOfKey = (key: string): Slot | null => slotOf(key) ?? ALIASES[key] ?? null;

export function parseNginxJsonLine(line: string): ParseResult {
  const object = readJsonObject(line);
  if (typeof object === 'string') return { kind: 'reject', reason: object };
  const values: SlotValues = new Array(SLOT_COUNT);
  fillSlots(object, slotOfKey, values);
  if (values[Slot.timeLocal] === undefined && values[Slot.timeIso] === undefined && values[Slot.msec] === undefined) {
    return { kind: 'reject', reason: 'no time key (time_local, time_iso8601 or msec)' };
  }
  if (values[Slot.request] === undefined && values[Slot.method] === undefined && values[Slot.requestUri] === undefined && values[Slot.uri] === undefined) {
    return { kind: 'reject', reason: 'no request key (request, or request_method and request_uri)' };
  }
  const record = buildRequest(values, {
    userAgent: values[Slot.userAgent] !== undefined,
    requestId: values[Slot.requestId] !== undefined,
  });
  return typeof record === 'string' ? { kind: 'reject', reason: record } : { kind: 'request', record };
}

/** Keys named after the time variables; fillSlots also matches them with a leading "$". */
const timeOf = jsonTimeReader([['time_local', Slot.timeLocal], ['time_iso8601', Slot.timeIso], ['msec', Slot.msec]]);

export const nginxJson: LogFormat = {
  id: 'nginx_json',
  gateway: 'nginx',
  label: 'nginx escape=json access log (keys named after nginx variables)',
  parseLine: parseNginxJsonLine,
  timeOf,
  detect: (sample) => fitShare(sample, parseNginxJsonLine),
};
