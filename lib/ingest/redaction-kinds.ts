import { invalidInput } from '../errors';

/** What redaction on ingest can keep out of the store (redact.ts does it); no Node modules, so the UI can list them. */
export const REDACTIONS = ['query', 'tokens', 'clients'] as const;
export type Redaction = (typeof REDACTIONS)[number];

export const REDACTED = 'REDACTED';

/** `query,tokens,clients` (or `all`) as `?redact=` and GATEWAY_LENS_REDACT write it. */
export function parseRedactions(text: string | undefined, where: string): Redaction[] {
  if (!text?.trim()) return [];
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all')) return [...REDACTIONS];
  const unknown = names.filter((n) => !(REDACTIONS as readonly string[]).includes(n));
  if (unknown.length) throw invalidInput(`${where}: cannot redact "${unknown.join('", "')}": give any of ${REDACTIONS.join(', ')}, or all`);
  return REDACTIONS.filter((r) => names.includes(r));
}

/** Each kind in words, for the source's note and the upload options. */
export const REDACTION_LABELS: Record<Redaction, string> = { query: 'query-string values', tokens: 'tokens and credentials', clients: 'client addresses' };

export const redactionNote = (kinds: readonly Redaction[]) => `redacted on ingest: ${kinds.map((k) => REDACTION_LABELS[k]).join(', ')}`;
