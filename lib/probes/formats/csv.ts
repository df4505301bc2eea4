import type { ProbeFormat, ProbeKind, ProbeParse } from '../types';
import { parseProbeTime } from './parse-time';

/** RFC 4180 fields of one CSV line: quoted fields may hold commas and doubled quotes. */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Column names as uptime monitors export them, to the field each means. */
const synonyms: Record<string, string[]> = {
  time: ['time', 'timestamp', 'date', 'datetime', 'checked_at', 'check_time', 'ts'],
  target: ['target', 'url', 'host', 'monitor', 'endpoint', 'address', 'monitor_url', 'name'],
  ok: ['ok', 'up', 'success', 'result', 'state', 'status_text', 'outcome'],
  status: ['status_code', 'http_status', 'code', 'http_code', 'response_code', 'status'],
  latency: ['latency_ms', 'latency', 'response_time', 'response_time_ms', 'duration', 'duration_ms', 'ms'],
  error: ['error', 'message', 'reason', 'error_message', 'details'],
  kind: ['kind', 'type', 'check_type', 'monitor_type', 'protocol'],
};

const normalise = (name: string) => name.replace(/^\uFEFF/, '').trim().toLowerCase().replace(/[\s-]+/g, '_');

function columnsOf(header: string[]): Record<string, number> {
  const names = header.map(normalise);
  const columns: Record<string, number> = {};
  for (const [field, words] of Object.entries(synonyms)) {
    const index = words.map((w) => names.indexOf(w)).find((i) => i >= 0 && !Object.values(columns).includes(i));
    if (index !== undefined) columns[field] = index;
  }
  return columns;
}

const UP = new Set(['1', 'true', 'yes', 'up', 'ok', 'success', 'pass', 'passed', 'healthy']);
const DOWN = new Set(['0', 'false', 'no', 'down', 'fail', 'failed', 'failure', 'error', 'unhealthy', 'timeout']);

function kindOf(value: string | undefined, target: string): ProbeKind {
  const v = (value ?? '').toLowerCase();
  if (v.includes('tcp') || v === 'port') return 'tcp';
  if (v.includes('dns')) return 'dns';
  if (v.includes('tls') || v.includes('ssl') || v.includes('cert')) return 'tls';
  return /^https?:\/\//.test(target) || v.includes('http') ? 'http' : 'tcp';
}

/** CSV exports of uptime monitors, columns matched by name. */
export const probeCsv: ProbeFormat = {
  id: 'probe_csv',
  label: 'Probe results as CSV with a header row',
  detect(head) {
    const [first] = head.split(/\r?\n/);
    if (!first || !first.includes(',')) return 0;
    const columns = columnsOf(csvFields(first));
    return columns.time !== undefined && columns.target !== undefined && (columns.ok !== undefined || columns.status !== undefined) ? 0.9 : 0;
  },
  parse(text): ProbeParse {
    const lines = text.split(/\r?\n/);
    const out: ProbeParse = { results: [], rejects: [], total: 0, lines: [] };
    const columns = columnsOf(csvFields(lines[0] ?? ''));
    lines.slice(1).forEach((line, i) => {
      if (line.trim() === '') return;
      out.total++;
      const no = i + 2;
      const f = csvFields(line);
      const at = (name: string) => (columns[name] === undefined ? undefined : f[columns[name]!]);
      const time = parseProbeTime(at('time'));
      const target = at('target');
      const status = Number(at('status'));
      const okText = (at('ok') ?? '').toLowerCase();
      const ok = UP.has(okText) ? true : DOWN.has(okText) ? false : Number.isInteger(status) && status > 0 ? status < 500 : null;
      const reason = time === null ? `time "${at('time') ?? ''}" is not a time` : !target ? 'no target' : ok === null ? `cannot tell up from down in "${at('ok') ?? ''}"` : null;
      if (reason) return out.rejects.push({ line: no, reason, text: line.slice(0, 300) });
      const latency = Number(at('latency'));
      out.lines!.push(no);
      out.results.push({
        time: time!, target: target!, kind: kindOf(at('kind'), target!), ok: ok!, status: Number.isInteger(status) && status > 0 ? status : null,
        latencyMs: Number.isFinite(latency) && at('latency') !== '' ? latency : null, error: at('error') || null, origin: 'uploaded',
      });
    });
    return out;
  },
};
