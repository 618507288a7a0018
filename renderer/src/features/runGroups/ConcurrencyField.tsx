/**
 * "At once": how many clients' runs a group runs at a time, 1 to 32. The field keeps what is typed
 * while it is typed — emptied to type another number, it stays empty rather than turning into 1
 * (Backspace then 2 made 12) — and hands on each whole number in range; leaving it shows the
 * number in force.
 */
import { useState, type ReactElement } from 'react';
import { maxGroupConcurrency } from '../../../../shared/domain/runGroup';

/** The whole number 1–32 typed, or undefined while the text is not one. */
function concurrencyOf(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= maxGroupConcurrency
    ? value
    : undefined;
}

export function ConcurrencyField({
  value,
  onChange,
  className,
}: {
  value: number;
  onChange: (value: number) => void;
  className: string;
}): ReactElement {
  const [typed, setTyped] = useState<string | null>(null);
  return (
    <label className={className}>
      <span>At once</span>
      <input
        type="number"
        min={1}
        max={maxGroupConcurrency}
        value={typed ?? String(value)}
        onChange={(event) => {
          setTyped(event.target.value);
          const next = concurrencyOf(event.target.value);
          if (next !== undefined && next !== value) onChange(next);
        }}
        onBlur={() => setTyped(null)}
      />
    </label>
  );
}
