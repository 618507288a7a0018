/**
 * The runbook inputs a step Test asks for: those its argument templates read, each prefilled
 * from the latest run, else from its default, and saying which.
 */
import type { ReactElement } from 'react';
import type { RunbookInput } from '../../../../../shared/runbook/runbookGraph';

export function TestInputs({
  used,
  origins,
  typed,
  onChange,
}: {
  used: readonly RunbookInput[];
  origins: Readonly<Record<string, string>>;
  typed: Readonly<Record<string, string>>;
  onChange: (typed: Record<string, string>) => void;
}): ReactElement | null {
  if (used.length === 0) return null;
  return (
    <fieldset className="step-test-inputs">
      <legend>Runbook inputs</legend>
      {used.map((input) => (
        <label key={input.name} className="inline-label">
          <span>
            <span className="mono">{input.name}</span>{' '}
            <span className="muted">{origins[input.name] ?? ''}</span>
          </span>
          <input
            aria-label={`Input ${input.name}`}
            value={typed[input.name] ?? ''}
            onChange={(event) => onChange({ ...typed, [input.name]: event.target.value })}
          />
        </label>
      ))}
    </fieldset>
  );
}
