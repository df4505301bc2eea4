'use client';

import { useFormats } from '../data/hooks';

/** The <option>s of every format Gateway Lens reads. */
export function FormatChoices() {
  const { data: formats } = useFormats();
  return (
    <>
      {(formats ?? []).map((f) => (
        <option key={f.id} value={f.id}>
          {f.id}: {f.label}
        </option>
      ))}
    </>
  );
}
