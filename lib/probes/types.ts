/**
 * Probe results: "is the upstream up?" answered by checks the engineer already has (uploaded) or that
 * Gateway Lens runs itself (active), drawn on the same timeline as the failures.
 */
export const probeKinds = ['http', 'tcp', 'dns', 'tls'] as const;
export type ProbeKind = (typeof probeKinds)[number];

export interface TlsDetails {
  /** "TLSv1.3" */
  version: string | null;
  subject: string | null;
  issuer: string | null;
  /** Certificate expiry, UTC epoch ms. */
  notAfter: number | null;
  /** The server name sent in the handshake. */
  sni: string | null;
}

export interface ProbeResult {
  /** When the probe ran, UTC epoch ms. */
  time: number;
  /** "host:port" for tcp/tls, a URL for http, a name for dns; as the source wrote it. */
  target: string;
  kind: ProbeKind;
  ok: boolean;
  /** HTTP status for http probes; null otherwise or when no response came. */
  status: number | null;
  latencyMs: number | null;
  /** The failure in the prober's words ("connect ECONNREFUSED", "Readiness probe failed: ..."). */
  error: string | null;
  origin: 'uploaded' | 'active';
  /** For http probes: time to first byte, ms. */
  ttfbMs?: number | null;
  tls?: TlsDetails | null;
  /** For dns probes: the addresses the name resolved to. */
  addresses?: string[] | null;
  /** What produced it, when not a plain probe: "kubernetes event Unhealthy", "blackbox_exporter". */
  detail?: string | null;
}

/** A probe-result file that could not be read line by line counts its rejects like a log. */
export interface ProbeReject {
  line: number;
  reason: string;
  text: string;
}

export interface ProbeParse {
  results: ProbeResult[];
  /** For line-per-result formats, the file line of each result (same order): the evidence reference. */
  lines?: number[];
  rejects: ProbeReject[];
  /** Lines (or records) looked at, parsed or not. */
  total: number;
}

/** One module per probe-result format, like the log formats. Probe files are small: read whole. */
export interface ProbeFormat {
  readonly id: string;
  readonly label: string;
  /** 0 (not this format) to 1 (certainly this format), from the start of the file. */
  detect(head: string): number;
  parse(text: string): ProbeParse;
}
