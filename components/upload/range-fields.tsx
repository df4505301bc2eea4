'use client';

/** The time range a file is read for, as typed: ISO 8601 with its zone or epoch ms; empty for the file's own ends. */
export interface RangeText {
  from: string;
  to: string;
}

/** The from and to fields of an upload or a re-read; `testIdPrefix` names them for the page objects (`option-from`). */
export function RangeFields({ value, onChange, fromHint, testIdPrefix }: {
  value: RangeText;
  onChange: (next: RangeText) => void;
  fromHint: string;
  testIdPrefix: string;
}) {
  return (
    <>
      {(['from', 'to'] as const).map((end) => (
        <label key={end} className="flex items-center gap-1">
          {end}
          <input
            className="w-56 rounded border border-border bg-panel px-2 py-1 font-mono text-xs"
            value={value[end]}
            placeholder={end === 'from' ? fromHint : 'the end of the file'}
            onChange={(e) => onChange({ ...value, [end]: e.target.value })}
            data-testid={`${testIdPrefix}-${end}`}
          />
        </label>
      ))}
    </>
  );
}
