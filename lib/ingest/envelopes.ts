/**
 * Lines often reach us wrapped by whatever carried them: a container runtime (CRI, Docker's JSON files),
 * `docker compose logs`, or a log shipper pushing JSON (Vector's `message`, Fluent Bit's `log`).
 * An envelope is detected once per file from its first lines and then unwrapped from every line, so the
 * gateway's format sees the line the gateway wrote.
 */

export interface Unwrapped {
  /** The gateway's line. */
  text: string;
  /** Which container or service wrote it, when the envelope says (compose service, CRI/Docker stream excluded). */
  container: string | null;
  /** The runtime split a long line: this piece continues on the next line (CRI `P`, Docker without "\n"). */
  partial: boolean;
}

export interface Envelope {
  readonly id: string;
  readonly label: string;
  /** null when the line is not in this envelope. */
  unwrap(line: string): Unwrapped | null;
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

/** CRI (containerd, CRI-O, kubelet files): `<RFC 3339 time> <stdout|stderr> <F|P> <line>`. */
const cri: Envelope = {
  id: 'cri',
  label: 'Kubernetes CRI container log',
  unwrap(line) {
    const s1 = line.indexOf(' ');
    if (s1 < 20 || !RFC3339.test(line.slice(0, s1))) return null;
    const s2 = line.indexOf(' ', s1 + 1);
    const stream = line.slice(s1 + 1, s2);
    if (stream !== 'stdout' && stream !== 'stderr') return null;
    const tag = line[s2 + 1];
    if ((tag !== 'F' && tag !== 'P') || (line.length > s2 + 2 && line[s2 + 2] !== ' ')) return null;
    return { text: line.slice(s2 + 3), container: null, partial: tag === 'P' };
  },
};

/** One JSON object a line carrying the gateway's line in a string field. */
function jsonField(id: string, label: string, field: string, requiredKeys: readonly string[] = []): Envelope {
  const marker = `"${field}"`;
  return {
    id,
    label,
    unwrap(line) {
      if (line[0] !== '{' || !line.includes(marker)) return null;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return null;
      }
      if (typeof value !== 'object' || value === null) return null;
      const record = value as Record<string, unknown>;
      const text = record[field];
      if (typeof text !== 'string' || requiredKeys.some((k) => !(k in record))) return null;
      const partial = id === 'docker-json' && !text.endsWith('\n');
      return { text: text.replace(/\r?\n$/, ''), container: null, partial };
    },
  };
}

/** Docker's json-file driver: `{"log":"...\n","stream":"stdout","time":"..."}`. */
const dockerJson = jsonField('docker-json', "Docker's JSON container log", 'log', ['stream', 'time']);
/** Vector's HTTP sink with JSON encoding: `{"message":"...", "timestamp": ..., ...}`. */
const vectorJson = jsonField('vector-json', 'JSON lines from Vector (message field)', 'message');
/** Fluent Bit's HTTP output (json_lines) and Docker-less `{"log": ...}` shippers. */
const fluentBitJson = jsonField('fluent-bit-json', 'JSON lines from Fluent Bit (log field)', 'log');

/**
 * `docker compose logs`: `service-1  | line`, optionally `service-1  | 2026-11-25T00:34:42.123456789Z line`
 * with --timestamps. The service name says which container wrote the line.
 */
const compose: Envelope = {
  id: 'compose',
  label: 'docker compose logs',
  unwrap(line) {
    const bar = line.indexOf(' | ');
    if (bar <= 0 || bar > 120) return null;
    const service = line.slice(0, bar).trimEnd();
    if (!/^[A-Za-z0-9][\w.-]*$/.test(service)) return null;
    let text = line.slice(bar + 3);
    const space = text.indexOf(' ');
    if (space > 19 && RFC3339.test(text.slice(0, space))) text = text.slice(space + 1);
    return { text, container: service, partial: false };
  },
};

/** Tried in this order; the first that unwraps most of the sample wins. */
export const envelopes: readonly Envelope[] = [cri, dockerJson, compose, vectorJson, fluentBitJson];

/** A share of the sample this large must unwrap for the file to be read through an envelope. */
const MIN_SHARE = 0.6;

export function detectEnvelope(sample: readonly string[]): Envelope | null {
  const lines = sample.filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  for (const envelope of envelopes) {
    const share = lines.filter((l) => envelope.unwrap(l) !== null).length / lines.length;
    if (share >= MIN_SHARE) return envelope;
  }
  return null;
}

/**
 * Joins partial pieces (CRI `P`, Docker JSON without a newline) into whole lines. The line number of a
 * joined line is that of its first piece.
 */
export class PartialJoiner {
  private pending: { no: number; text: string; container: string | null } | null = null;

  /** Returns the whole line when `piece` completes one, null while pieces are still arriving. */
  push(no: number, piece: Unwrapped): { no: number; text: string; container: string | null } | null {
    const start = this.pending ?? { no, text: '', container: piece.container };
    start.text += piece.text;
    if (piece.partial) {
      this.pending = start;
      return null;
    }
    this.pending = null;
    return start;
  }

  /** A partial piece left at the end of the file is still a line. */
  flush(): { no: number; text: string; container: string | null } | null {
    const rest = this.pending;
    this.pending = null;
    return rest;
  }
}
