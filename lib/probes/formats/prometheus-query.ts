import type { ProbeFormat, ProbeParse } from '../types';
import { resultOfMetrics, type ProbeMetrics } from './probe-metrics';

/**
 * The JSON of Prometheus's HTTP API over blackbox_exporter metrics: `/api/v1/query_range` (resultType
 * matrix) or `/api/v1/query` (vector), e.g. for
 *   {__name__=~"probe_success|probe_duration_seconds|probe_http_status_code"}
 * Series are grouped by their labels without `__name__` (instance, job, module: the same target probed by
 * two modules stays two probes) and by timestamp; each group with a probe_success is one result: ok from
 * probe_success, latency from probe_duration_seconds, status from probe_http_status_code, the target from
 * the `instance` label (or `target` when relabelled so), the kind from `module` (http_2xx -> http,
 * tcp_connect -> tcp, dns -> dns, tls -> tls, else http).
 *
 * The file is one JSON document: if it does not parse, or is not a successful matrix/vector answer, it is
 * one reject and no results. A group without probe_success (the query left it out) is one reject each,
 * naming the series and time; `total` counts groups. Reject line numbers are 1 (a JSON answer is usually
 * one line) unless the parser's error names a position.
 */

interface Series {
  metric?: Record<string, unknown>;
  values?: unknown;
  value?: unknown;
}

const PROBE_METRICS = /"probe_(success|duration_seconds|http_status_code)"/;

/** The line of a JSON.parse error position ("... at position 123"), else 1. */
function errorLine(text: string, error: unknown): number {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return position ? text.slice(0, Number(position)).split('\n').length : 1;
}

/** `[1795743720.5, "0.001"]` as [epoch ms, value], or null. */
function point(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [ts, text] = value as [unknown, unknown];
  const number = typeof text === 'string' ? Number(text) : NaN;
  if (typeof ts !== 'number' || !Number.isFinite(ts) || (Number.isNaN(number) && text !== 'NaN')) return null;
  return [Math.round(ts * 1000), number];
}

export const prometheusQueryRange: ProbeFormat = {
  id: 'prometheus_query_range',
  label: 'Prometheus API query / query_range JSON over blackbox_exporter metrics',
  detect(head) {
    const start = head.trimStart();
    if (!start.startsWith('{') || !/"resultType"\s*:\s*"(matrix|vector)"/.test(head)) return 0;
    // Another query's answer is still this format (the reader then says which metrics it lacks).
    return PROBE_METRICS.test(head) ? 0.95 : 0.6;
  },
  parse(text): ProbeParse {
    const whole = (reason: string, line = 1): ProbeParse => ({ results: [], rejects: [{ line, reason, text: text.slice(0, 300) }], total: 1 });
    let doc: unknown;
    try {
      doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (error) {
      return whole(`not JSON (${error instanceof Error ? error.message : String(error)}): the whole file is not read`, errorLine(text, error));
    }
    const body = doc as { status?: unknown; error?: unknown; data?: { resultType?: unknown; result?: unknown } } | null;
    if (typeof body !== 'object' || body === null) return whole('not a Prometheus API answer (no object)');
    if (body.status !== 'success') return whole(`the query did not succeed: status ${JSON.stringify(body.status)}${body.error ? `, error ${JSON.stringify(body.error)}` : ''}`);
    const type = body.data?.resultType;
    const series = body.data?.result;
    if ((type !== 'matrix' && type !== 'vector') || !Array.isArray(series)) return whole(`resultType ${JSON.stringify(type)} is not matrix or vector`);

    // group key (labels without __name__, then time) -> metrics of that probe
    const groups = new Map<string, { labels: Record<string, string>; time: number; metrics: ProbeMetrics }>();
    const out: ProbeParse = { results: [], rejects: [], total: 0 };
    (series as Series[]).forEach((s, index) => {
      const labels: Record<string, string> = {};
      for (const [key, value] of Object.entries(s.metric ?? {})) if (typeof value === 'string') labels[key] = value;
      const name = labels.__name__;
      delete labels.__name__;
      const points = type === 'matrix' ? (Array.isArray(s.values) ? s.values : null) : [s.value];
      if (!name || !points) {
        out.total++;
        out.rejects.push({ line: 1, reason: `result[${index}] has no __name__ label or no ${type === 'matrix' ? 'values' : 'value'}`, text: JSON.stringify(s).slice(0, 300) });
        return;
      }
      const identity = JSON.stringify(Object.entries(labels).sort());
      for (const raw of points) {
        const p = point(raw);
        if (!p) {
          out.total++;
          out.rejects.push({ line: 1, reason: `result[${index}] (${name}) has a point that is not [time, "value"]`, text: JSON.stringify(raw).slice(0, 300) });
          continue;
        }
        const key = `${identity}@${p[0]}`;
        const group = groups.get(key) ?? { labels, time: p[0], metrics: new Map() };
        group.metrics.set(name, [{ labels: {}, value: p[1] }]);
        groups.set(key, group);
      }
    });
    const ordered = [...groups.values()].sort((a, b) => a.time - b.time);
    for (const group of ordered) {
      out.total++;
      const target = group.labels.instance ?? group.labels.target;
      const where = `${JSON.stringify(group.labels)} at ${new Date(group.time).toISOString()}`;
      if (!target) {
        out.rejects.push({ line: 1, reason: `no instance or target label on ${where}`, text: where.slice(0, 300) });
        continue;
      }
      const probeModule = group.labels.module ?? null;
      const detail = ['prometheus', group.labels.job ? `job ${group.labels.job}` : '', probeModule ? `module ${probeModule}` : ''].filter(Boolean).join(', ');
      const result = resultOfMetrics({ time: group.time, target, module: probeModule, metrics: group.metrics, detail });
      if (result) {
        // Without a module label the kind is http, as blackbox_exporter's default module is http_2xx.
        if (!probeModule) result.kind = 'http';
        out.results.push(result);
      } else out.rejects.push({ line: 1, reason: `no probe_success for ${where} (add probe_success to the query)`, text: where.slice(0, 300) });
    }
    return out;
  },
};
