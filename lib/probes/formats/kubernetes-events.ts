import type { ProbeFormat, ProbeKind, ProbeParse, ProbeResult } from '../types';
import { parseProbeTime } from './parse-time';

/**
 * `kubectl get events -o json`: a v1 List (or EventList) of core/v1 Events or events.k8s.io/v1 Events,
 * or one Event. The kubelet's verdicts about a pod are probe results the engineer already has:
 * - Unhealthy "Readiness|Liveness|Startup probe failed: ..." -> ok=false, the message as the error;
 * - BackOff "Back-off restarting failed container", Killing, Failed, OOMKilling/OOMKilled -> ok=false:
 *   the container is not serving (Killing includes planned stops: during a deploy they explain 502s too).
 * No event says a pod became ready again (Started is the process, not readiness), so no ok=true is made.
 * Other events are looked at (counted in total) and skipped: they are not probe verdicts.
 *
 * Target, so results line up with the gateway's upstream servers (10.0.3.7:8080): the address the
 * message names (`Get "http://10.244.1.24:1026/version"`, `dial tcp 10.244.1.24:1026`), else the pod IP
 * from a Pod object in the same List (`kubectl get pods,events -o json` gives both; events carry no IP),
 * else `namespace/name`. The detail always names the pod, the reason and the count.
 * Time: lastTimestamp, series.lastObservedTime, eventTime, deprecatedLastTimestamp, firstTimestamp,
 * metadata.creationTimestamp, in that order. An event repeated `count` times between its first and last
 * time gives two results, at both ends of that stretch, so the timeline shows how long it lasted.
 * The file is one JSON document: if it does not parse it is one reject and no results. Reject line
 * numbers are the item's position in `items` (JSON output has no stable line per item).
 */

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : null);
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const FAILURE_REASONS = new Set(['Unhealthy', 'BackOff', 'Killing', 'Failed', 'OOMKilling', 'OOMKilled']);

function isEvent(item: Obj): boolean {
  return item.kind === 'Event' || (item.kind === undefined && typeof item.reason === 'string' && (obj(item.involvedObject) !== null || obj(item.regarding) !== null));
}

/** The address a kubelet probe message names: `Get "http://10.244.1.24:1026/version"`, `dial tcp 10.0.0.5:8080`. */
function addressInMessage(message: string): string | null {
  const url = /Get "(https?:\/\/[^"]+)"/.exec(message)?.[1];
  if (url) return url;
  return /dial tcp (\[[0-9a-f:]+\]:\d+|\d{1,3}(?:\.\d{1,3}){3}:\d+)/i.exec(message)?.[1] ?? null;
}

/** The kind of check behind the message: an HTTP status or URL means http, a dial means tcp. */
function kindOfMessage(message: string, target: string): ProbeKind {
  if (/HTTP probe failed|statuscode:|Get "https?:/.test(message) || /^https?:\/\//.test(target)) return 'http';
  if (/dial tcp|connection refused|i\/o timeout/.test(message)) return 'tcp';
  // exec and gRPC probes and container states have no kind of their own in the model; http is the
  // closest (an application-level health verdict). See the report on ProbeKind.
  return 'http';
}

/** The times an event stands for: [first, last] when it repeated over a stretch, else [last]. */
function timesOf(item: Obj): number[] | string {
  const series = obj(item.series);
  const last = [item.lastTimestamp, series?.lastObservedTime, item.eventTime, item.deprecatedLastTimestamp, item.firstTimestamp, obj(item.metadata)?.creationTimestamp]
    .map((value) => parseProbeTime(value))
    .find((value) => value !== null);
  if (last === undefined || last === null) return 'no lastTimestamp, eventTime, firstTimestamp or creationTimestamp';
  const first = parseProbeTime(item.firstTimestamp) ?? parseProbeTime(item.deprecatedFirstTimestamp) ?? parseProbeTime(item.eventTime);
  return first !== null && first < last && countOf(item) > 1 ? [first, last] : [last];
}

const countOf = (item: Obj): number => {
  const count = [item.count, obj(item.series)?.count, item.deprecatedCount].find((value) => typeof value === 'number' && value > 0);
  return typeof count === 'number' ? count : 1;
};

/** namespace/name -> pod IP, from Pod objects in the same List. */
function podIps(items: Obj[]): Map<string, string> {
  const ips = new Map<string, string>();
  for (const item of items) {
    if (item.kind !== 'Pod') continue;
    const meta = obj(item.metadata);
    const ip = str(obj(item.status)?.podIP);
    if (meta && ip) ips.set(`${str(meta.namespace) ?? 'default'}/${str(meta.name) ?? ''}`, ip);
  }
  return ips;
}

/** One event as results, null when it is not a probe verdict, or the reason it cannot be read. */
export function resultsOfEvent(item: Obj, ips: Map<string, string> = new Map()): ProbeResult[] | null | string {
  const reason = str(item.reason);
  if (!reason || !FAILURE_REASONS.has(reason)) return null;
  const about = obj(item.involvedObject) ?? obj(item.regarding);
  const name = str(about?.name);
  if (!about || !name) return `${reason} event names no involvedObject/regarding`;
  const namespace = str(about.namespace) ?? str(obj(item.metadata)?.namespace) ?? 'default';
  const objectKind = str(about.kind) ?? 'Pod';
  const pod = objectKind === 'Pod' ? `${namespace}/${name}` : `${objectKind.toLowerCase()}/${name}`;
  const message = str(item.message) ?? str(item.note) ?? '';
  const times = timesOf(item);
  if (typeof times === 'string') return `${reason} event about ${pod}: ${times}`;
  const target = addressInMessage(message) ?? ips.get(pod) ?? pod;
  const status = /statuscode: (\d{3})/.exec(message)?.[1];
  const count = countOf(item);
  const base = {
    target,
    kind: kindOfMessage(message, target),
    ok: false,
    status: status ? Number(status) : null,
    latencyMs: null,
    error: message || reason,
    origin: 'uploaded' as const,
    detail: `kubernetes event ${reason} x${count}, ${objectKind.toLowerCase()} ${pod}${str(about.fieldPath) ? ` ${str(about.fieldPath)}` : ''}`,
  };
  return times.map((time) => ({ time, ...base }));
}

export const kubernetesEvents: ProbeFormat = {
  id: 'kubernetes_events',
  label: 'Kubernetes events (kubectl get events -o json)',
  detect(head) {
    if (!head.trimStart().startsWith('{')) return 0;
    const list = /"kind"\s*:\s*"(List|EventList)"/.test(head);
    const event = /"kind"\s*:\s*"Event"/.test(head) || /"involvedObject"\s*:|"regarding"\s*:/.test(head);
    if (event && (list || /"apiVersion"\s*:\s*"(v1|events\.k8s\.io\/v1(beta1)?)"/.test(head))) return 0.95;
    return event ? 0.7 : 0;
  },
  parse(text): ProbeParse {
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      const reason = `not JSON (${error instanceof Error ? error.message : String(error)}): the whole file is not read`;
      return { results: [], rejects: [{ line: 1, reason, text: text.slice(0, 300) }], total: 1 };
    }
    const root = obj(doc);
    const items = Array.isArray(root?.items) ? (root.items as unknown[]) : root ? [root] : [];
    const objects = items.map(obj);
    const ips = podIps(objects.filter((o): o is Obj => o !== null));
    const out: ProbeParse = { results: [], rejects: [], total: 0 };
    objects.forEach((item, index) => {
      if (item && !isEvent(item)) return; // Pods and other objects: read for their IPs only
      out.total++;
      const results = item ? resultsOfEvent(item, ips) : 'not an object';
      if (typeof results === 'string') out.rejects.push({ line: index + 1, reason: `items[${index}]: ${results}`, text: JSON.stringify(item).slice(0, 300) });
      else if (results) out.results.push(...results);
    });
    if (out.total === 0) {
      out.rejects.push({ line: 1, reason: 'no Event objects (not kubectl get events -o json?)', text: text.slice(0, 300) });
      out.total = 1;
    }
    out.results.sort((a, b) => a.time - b.time);
    return out;
  },
};
