/**
 * The base URL field of an integration or a configuration. A stored address that cannot work
 * (`127.0.0.1:18080`, saved by an earlier version) shows its problem as soon as it is read; the
 * backend refuses to save one, with the same message, shown here at the field. When the address
 * meant can be told, a button puts it in.
 */
import type { ReactElement } from 'react';
import { baseUrlProblem, type BaseUrlOwner } from '../../../../shared/domain/baseUrl';
import { Field } from '../../app/Field';

export function BaseUrlField({
  id,
  owner,
  value,
  savedValue,
  error,
  hint,
  placeholder,
  onChange,
}: {
  id: string;
  /** Whose base URL it is: the words of a refused user name or password differ. */
  owner: BaseUrlOwner;
  value: string;
  /** The stored address: while the field still holds it, its problem shows without a save. */
  savedValue: string | undefined;
  /** The backend's refusal of the last save, if it was about this field. */
  error: string | undefined;
  hint?: string;
  placeholder: string;
  onChange: (value: string) => void;
}): ReactElement {
  const problem = error !== undefined || value === savedValue ? baseUrlProblem(value, owner) : undefined;
  const shown = error ?? problem?.message;
  const suggestion = problem?.suggestion;
  return (
    <Field
      id={id}
      label="Base URL"
      error={shown}
      {...(hint === undefined ? {} : { hint })}
      errorAction={
        suggestion !== undefined && (
          <button
            type="button"
            className="button button-small field-suggestion"
            onClick={() => onChange(suggestion)}
          >
            Use {suggestion}
          </button>
        )
      }
    >
      {(props) => (
        <input
          {...props}
          type="url"
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
