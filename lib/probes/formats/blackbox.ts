import type { ProbeFormat, ProbeParse, ProbeResult } from '../types';
import { parseProbeTime } from './parse-time';
import { resultOfMetrics, type ProbeMetrics } from './probe-metrics';
import { isExpositionComment, parseSampleLine } from './prom-text';

/**
 * The body a Prometheus blackbox_exporter returns for `/probe?target=...&module=...`: one probe's
 * `probe_*` metrics in the text exposition format, one ProbeResult per scrape.
 *
 * The body names neither the target nor the time (they are in the URL and the clock of whoever fetched
 * it), and the interface reads text alone, so a scrape must be preceded by a separator comment:
 *   # target=http://10.0.3.7:8080/health module=http_2xx time=2026-11-27T01:41:55.089Z
 * (keys in any order, `key=value` without spaces; time in ISO 8601 or epoch s/ms). Several scrapes
 * concatenated, each behind its own separator, make a time series. A scrape without a target or a time
 * is rejected, saying which separator line to add, rather than stored at a made-up time: a probe result
 * at the wrong time would line up with the wrong failures.
 *
 * A scrape is all or nothing: a malformed sample line rejects its whole scrape (one reject, at that
 * line), so a result never rests on half a body. `total` counts scrapes.
 */

interface Scrape {
  /** 1-based line of the separator, or of the first sample when there is none. */
  line: number;
  header: Record<string, string>;
  metrics: ProbeMetrics;
  /** The first malformed line, when any. */
  bad: { line: number; reason: string; text: string } | null;
  sampleLines: number;
}

const SEPARATOR_KEYS = /(?:^|\s)(target|module|time)=(\S+)/g;

/** A comment that is one of our separators: it has a target= or time= key. */
function separatorOf(line: string): Record<string, string> | null {
  if (!line.startsWith('#') || isExpositionComment(line)) return null;
  const header: Record<string, string> = {};
  for (const match of line.slice(1).matchAll(SEPARATOR_KEYS)) header[match[1]!] = match[2]!;
  return header.target !== undefined || header.time !== undefined ? header : null;
}

function scrapesOf(text: string): Scrape[] {
  const scrapes: Scrape[] = [];
  let current: Scrape | null = null;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const header = separatorOf(line);
    if (header) {
      current = { line: i + 1, header, metrics: new Map(), bad: null, sampleLines: 0 };
      scrapes.push(current);
      return;
    }
    if (line.startsWith('#')) return; // HELP/TYPE and other comments
    if (!current) {
      current = { line: i + 1, header: {}, metrics: new Map(), bad: null, sampleLines: 0 };
      scrapes.push(current);
    }
    current.sampleLines++;
    const sample = parseSampleLine(line);
    if (typeof sample === 'string') {
      current.bad ??= { line: i + 1, reason: sample, text: raw.slice(0, 300) };
      return;
    }
    const list = current.metrics.get(sample.name) ?? [];
    list.push({ labels: sample.labels, value: sample.value });
    current.metrics.set(sample.name, list);
  });
  return scrapes;
}

const HOW_TO_NAME = 'blackbox_exporter\'s /probe body names neither; add a line "# target=<target> module=<module> time=<ISO 8601>" before it';

export const blackboxScrape: ProbeFormat = {
  id: 'blackbox_scrape',
  label: 'Prometheus blackbox_exporter /probe scrapes',
  detect(head) {
    // Sample lines at the start of a line: a JSON document quoting the names does not count.
    const success = /^probe_success(\{[^}]*\})? /m.test(head);
    const probeLines = head.match(/^probe_[a-z_]+(\{[^}]*\})? \S+/gm)?.length ?? 0;
    if (success) return 0.95;
    return probeLines >= 3 ? 0.8 : 0;
  },
  parse(text): ProbeParse {
    const out: ProbeParse = { results: [], rejects: [], total: 0 };
    for (const scrape of scrapesOf(text)) {
      out.total++;
      const reject = (line: number, reason: string, rawText: string) => out.rejects.push({ line, reason, text: rawText });
      const firstLine = `# target=${scrape.header.target ?? ''} time=${scrape.header.time ?? ''}`;
      if (scrape.bad) {
        reject(scrape.bad.line, `${scrape.bad.reason}; the scrape starting at line ${scrape.line} is not read`, scrape.bad.text);
        continue;
      }
      if (scrape.sampleLines === 0) {
        reject(scrape.line, 'a separator with no probe metrics after it', firstLine);
        continue;
      }
      const time = parseProbeTime(scrape.header.time);
      const target = scrape.header.target;
      if (time === null || !target) {
        const missing = [time === null ? (scrape.header.time ? `time "${scrape.header.time}" is not a time` : 'no time') : '', target ? '' : 'no target'].filter(Boolean);
        reject(scrape.line, `${missing.join(' and ')}: ${HOW_TO_NAME}`, firstLine);
        continue;
      }
      const probeModule = scrape.header.module ?? null;
      const result: ProbeResult | null = resultOfMetrics({
        time, target, module: probeModule, metrics: scrape.metrics, detail: `blackbox_exporter${probeModule ? ` module ${probeModule}` : ''}`,
      });
      if (!result) reject(scrape.line, 'the scrape has no probe_success (not a /probe body?)', firstLine);
      else out.results.push(result);
    }
    return out;
  },
};
