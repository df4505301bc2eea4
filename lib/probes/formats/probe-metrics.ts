import type { ProbeKind, ProbeResult, TlsDetails } from '../types';

/**
 * The blackbox_exporter metrics of one probe, by name (labels kept for the few that carry them), turned
 * into a ProbeResult. Shared by the /probe scrape reader and the Prometheus query reader, which see the
 * same metrics, so one probe reads the same whichever way it was exported.
 */
export type ProbeMetrics = Map<string, { labels: Record<string, string>; value: number }[]>;

export const metricValue = (metrics: ProbeMetrics, name: string): number | null => metrics.get(name)?.[0]?.value ?? null;

/**
 * The probe kind from the module name when it says (http_2xx, tcp_connect, dns_udp, tls_connect), else from
 * the metrics present: an HTTP status means http, DNS answer counts mean dns, a certificate means tls.
 */
export function kindOfProbe(module: string | null | undefined, metrics?: ProbeMetrics): ProbeKind {
  const m = (module ?? '').toLowerCase();
  if (m.includes('http')) return 'http';
  if (m.includes('dns')) return 'dns';
  if (m.includes('tls') || m.includes('ssl')) return 'tls';
  if (m.includes('tcp')) return 'tcp';
  if (!metrics) return 'http';
  if (metrics.has('probe_http_status_code')) return 'http';
  if (metrics.has('probe_dns_query_succeeded') || metrics.has('probe_dns_answer_rrs')) return 'dns';
  if (metrics.has('probe_ssl_earliest_cert_expiry') || metrics.has('probe_tls_version_info')) return 'tls';
  return module ? 'http' : 'tcp';
}

/** Seconds to milliseconds, kept to the microsecond the exporter measured. */
export const secondsToMs = (seconds: number | null): number | null =>
  seconds === null || !Number.isFinite(seconds) || seconds < 0 ? null : Math.round(seconds * 1e6) / 1e3;

/** "TLS 1.3" (blackbox_exporter) as the "TLSv1.3" the model uses. */
const tlsVersion = (text: string | undefined) => (text ? text.replace(/^TLS\s*/, 'TLSv') : null);

function tlsOf(metrics: ProbeMetrics): TlsDetails | null {
  const expiry = metricValue(metrics, 'probe_ssl_earliest_cert_expiry');
  const version = metrics.get('probe_tls_version_info')?.find((s) => s.value === 1)?.labels.version;
  const chain = metrics.get('probe_ssl_last_chain_info')?.[0]?.labels;
  if (expiry === null && !version && !chain) return null;
  return {
    version: tlsVersion(version),
    subject: chain?.subject ?? null,
    issuer: chain?.issuer ?? null,
    notAfter: expiry !== null && expiry > 0 ? Math.round(expiry * 1000) : null,
    // The exporter does not report the server name it sent.
    sni: null,
  };
}

/**
 * Why a failed probe failed, from what the metrics show; the exporter's body gives no reason text
 * (that is only in its debug log), so this says what is known and no more.
 */
function failureText(kind: ProbeKind, metrics: ProbeMetrics): string {
  const status = metricValue(metrics, 'probe_http_status_code');
  if (kind === 'http' && status !== null) return status > 0 ? `HTTP status ${status}` : 'no HTTP response';
  if (metricValue(metrics, 'probe_failed_due_to_regex') === 1) return 'response did not match the expected pattern';
  if (kind === 'dns' && metricValue(metrics, 'probe_dns_query_succeeded') === 0) return 'DNS query did not succeed';
  return 'probe failed';
}

/** Time to first byte of an HTTP probe: resolve + connect + tls + processing phases. */
function ttfbOf(metrics: ProbeMetrics): number | null {
  const phases = metrics.get('probe_http_duration_seconds');
  if (!phases || metricValue(metrics, 'probe_http_status_code') === 0) return null;
  const sum = ['resolve', 'connect', 'tls', 'processing'].reduce((total, phase) => total + (phases.find((s) => s.labels.phase === phase)?.value ?? 0), 0);
  return secondsToMs(sum);
}

/** One probe's metrics as a result; null when probe_success is missing (the caller says why). */
export function resultOfMetrics(input: { time: number; target: string; module: string | null; metrics: ProbeMetrics; detail: string }): ProbeResult | null {
  const { metrics } = input;
  const success = metricValue(metrics, 'probe_success');
  if (success === null) return null;
  const kind = kindOfProbe(input.module, metrics);
  const status = metricValue(metrics, 'probe_http_status_code');
  const ok = success === 1;
  const result: ProbeResult = {
    time: input.time,
    target: input.target,
    kind,
    ok,
    status: status !== null && status > 0 ? status : null,
    latencyMs: secondsToMs(metricValue(metrics, 'probe_duration_seconds')),
    error: ok ? null : failureText(kind, metrics),
    origin: 'uploaded',
    detail: input.detail,
  };
  if (kind === 'http') result.ttfbMs = ttfbOf(metrics);
  const tls = tlsOf(metrics);
  if (tls) result.tls = tls;
  return result;
}
