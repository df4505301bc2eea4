'use client';

import { REDACTION_LABELS, REDACTIONS, type Redaction } from '@/lib/ingest/redaction-kinds';
import { FormatChoices } from './format-choices';
import { RangeFields, type RangeText } from './range-fields';

/** What the upload options hold; the range (RangeText): only the requests in it are stored, empty for the whole file. */
export interface UploadChoices extends RangeText {
  /** A format id; empty for detection. */
  format: string;
  /** A pasted nginx log_format directive; wins over `format`. */
  logFormat: string;
  /** The zone of logs that write none (nginx error log, HAProxy's accept date). */
  tz: string;
  /** What to keep out of the store; the incident then redacts it in every later file too. */
  redact: Redaction[];
}

export const noChoices: UploadChoices = { format: '', logFormat: '', tz: '', redact: [], from: '', to: '' };

/** What detection cannot know: the format to force, a custom nginx log_format, the servers' zone; and the range to keep. */
export function UploadOptions({ value, onChange }: { value: UploadChoices; onChange: (next: UploadChoices) => void }) {
  return (
    <details className="mx-auto mt-3 max-w-2xl text-left text-sm" data-testid="upload-options">
      <summary className="cursor-pointer text-muted">Options: format, custom nginx log_format, time zone, time range, redaction</summary>
      <div className="mt-2 grid gap-3">
        <label className="grid gap-1">
          <span>Format</span>
          <select
            className="rounded border border-border bg-panel px-2 py-1"
            value={value.format}
            onChange={(e) => onChange({ ...value, format: e.target.value })}
            data-testid="option-format"
          >
            <option value="">Detect from the first lines</option>
            <FormatChoices />
          </select>
        </label>
        <label className="grid gap-1">
          <span>Custom nginx log_format (pasted from nginx.conf; wins over the format above)</span>
          <textarea
            className="h-20 rounded border border-border bg-panel px-2 py-1 font-mono text-xs"
            value={value.logFormat}
            placeholder={`log_format main '$remote_addr - $remote_user [$time_local] "$request" $status ...';`}
            onChange={(e) => onChange({ ...value, logFormat: e.target.value })}
            data-testid="option-log-format"
          />
        </label>
        <label className="grid gap-1">
          <span>Time zone of logs that write none (nginx error log): UTC, +02:00, -0530</span>
          <input
            className="rounded border border-border bg-panel px-2 py-1"
            value={value.tz}
            placeholder="UTC"
            onChange={(e) => onChange({ ...value, tz: e.target.value })}
            data-testid="option-tz"
          />
        </label>
        <fieldset className="grid gap-1">
          <legend>Only store the requests of a time range (ISO 8601 with its zone, or epoch ms): a long log is read far faster, the lines outside are counted, not stored</legend>
          <div className="flex flex-wrap gap-2">
            <RangeFields value={value} onChange={(range) => onChange({ ...value, ...range })} fromHint="2026-11-25T00:30:00Z" testIdPrefix="option" />
          </div>
        </fieldset>
        <fieldset className="grid gap-1">
          <legend>Keep out of the store (this incident then redacts them in every later file too)</legend>
          <div className="flex flex-wrap gap-4">
            {REDACTIONS.map((kind) => (
              <label key={kind} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={value.redact.includes(kind)}
                  onChange={(e) => onChange({ ...value, redact: e.target.checked ? [...value.redact, kind] : value.redact.filter((k) => k !== kind) })}
                  data-testid={`option-redact-${kind}`}
                />
                {REDACTION_LABELS[kind]}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
    </details>
  );
}
