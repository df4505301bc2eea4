'use client';

import { FormatChoices } from './format-choices';

export interface UploadChoices {
  /** A format id; empty for detection. */
  format: string;
  /** A pasted nginx log_format directive; wins over `format`. */
  logFormat: string;
  /** The zone of logs that write none (nginx error log, HAProxy's accept date). */
  tz: string;
}

export const noChoices: UploadChoices = { format: '', logFormat: '', tz: '' };

/** What detection cannot know: the format to force, a custom nginx log_format, the servers' zone. */
export function UploadOptions({ value, onChange }: { value: UploadChoices; onChange: (next: UploadChoices) => void }) {
  return (
    <details className="mx-auto mt-3 max-w-2xl text-left text-sm" data-testid="upload-options">
      <summary className="cursor-pointer text-muted">Options: format, custom nginx log_format, time zone</summary>
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
      </div>
    </details>
  );
}
