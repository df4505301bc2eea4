import { GatewayLensError } from '../../errors';
import type { ProbeFormat } from '../types';
import { blackboxScrape } from './blackbox';
import { probeCsv } from './csv';
import { gatewayLensJsonl } from './jsonl';
import { kubernetesEvents } from './kubernetes-events';
import { prometheusQueryRange } from './prometheus-query';

/** Every probe-result format Gateway Lens reads. */
export const probeFormats: readonly ProbeFormat[] = [gatewayLensJsonl, probeCsv, blackboxScrape, prometheusQueryRange, kubernetesEvents];

/** A format is chosen when it is at least this sure of the file's start. */
export const MIN_PROBE_FORMAT_SCORE = 0.5;

/** What each format can tell from the start of a file that does not look like any of them. */
function whyNot(format: ProbeFormat): string {
  switch (format.id) {
    case 'gateway_lens_jsonl': return 'needs one JSON object per line with "time", "target", "kind" and "ok"';
    case 'probe_csv': return 'needs a header row naming a time, a target and an up/down or status column';
    case 'blackbox_scrape': return 'needs blackbox_exporter metrics (probe_success ...) at the start of lines';
    case 'prometheus_query_range': return 'needs a Prometheus API answer with "resultType" matrix or vector';
    case 'kubernetes_events': return 'needs kubectl get events -o json (a List of Event objects)';
    default: return 'did not recognise it';
  }
}

/**
 * The probe format that reads the start of a file (its best score). Throws unsupported_format naming the
 * closest formats, their scores and what each needs, so the engineer can fix the file or pick a format.
 */
export function detectProbeFormat(head: string, name: string): ProbeFormat {
  const scored = probeFormats.map((format) => ({ format, score: format.detect(head) })).sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (best && best.score >= MIN_PROBE_FORMAT_SCORE) return best.format;
  const closest = scored.slice(0, 3).map(({ format, score }) => `${format.id} (${score.toFixed(2)}): ${whyNot(format)}`);
  throw new GatewayLensError('unsupported_format', `${name}: not a probe-result format Gateway Lens reads; closest: ${closest.join('; ')}`, {
    source: name,
    scores: Object.fromEntries(scored.map(({ format, score }) => [format.id, score])),
  });
}
