/** Run by hand: asks for the runbook's inputs (typed, with defaults), then starts the run. */
import { useState, type ReactElement } from 'react';
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';

export function RunDialog({
  inputs,
  onRun,
  onClose,
}: {
  inputs: RunbookInput[];
  onRun: (values: Record<string, string>) => Promise<void>;
  onClose: () => void;
}): ReactElement {
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(inputs.map((input) => [input.name, input.defaultValue])),
  );
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await onRun(values);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  return (
    <Dialog
      title="Run runbook"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button-primary" onClick={() => void submit()}>
            Start run
          </button>
        </>
      }
    >
      {inputs.length === 0 && <p className="muted">This runbook has no inputs.</p>}
      {inputs.map((input) => (
        <label key={input.name} className="inline-label">
          {input.name}
          {input.isRequired ? ' *' : ''} <span className="muted">({input.type})</span>
          {input.type === 'boolean' ? (
            <select
              value={values[input.name] ?? ''}
              onChange={(event) => setValues({ ...values, [input.name]: event.target.value })}
            >
              <option value="">—</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          ) : (
            <input
              className={input.type === 'json' ? 'mono' : undefined}
              inputMode={input.type === 'number' ? 'decimal' : undefined}
              value={values[input.name] ?? ''}
              onChange={(event) => setValues({ ...values, [input.name]: event.target.value })}
            />
          )}
        </label>
      ))}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
