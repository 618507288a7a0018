/** Labelled text and select fields for settings forms. */
import type { ReactElement } from 'react';
import { Field } from '../../app/Field';

export function TextField({
  id,
  label,
  value,
  error,
  hint,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
  onChange: (value: string) => void;
}): ReactElement {
  return (
    <Field id={id} label={label} error={error} {...(hint === undefined ? {} : { hint })}>
      {(props) => <input {...props} value={value} onChange={(event) => onChange(event.target.value)} />}
    </Field>
  );
}

export function SelectField<T extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
}): ReactElement {
  return (
    <Field id={id} label={label} error={undefined}>
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value as T)}>
          {options.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
