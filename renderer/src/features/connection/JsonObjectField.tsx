/**
 * A JSON object typed as text, e.g. a JWT assertion's extra claims: kept as typed while it is not
 * a JSON object (the last valid object stays in the settings), with the reason under the field.
 */
import { useState, type ReactElement } from 'react';
import { readJsonText } from '../../../../shared/domain/jsonParseError';
import { Field } from '../../app/Field';

/** The field; `shapeMessage` is shown for valid JSON that is not an object. */
export function JsonObjectField({
  id,
  label,
  hint,
  placeholder,
  shapeMessage,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  hint: string | undefined;
  placeholder: string;
  shapeMessage: string;
  value: Record<string, unknown>;
  error: string | undefined;
  onChange: (value: Record<string, unknown>) => void;
}): ReactElement {
  const [draft, setDraft] = useState(() =>
    Object.keys(value).length === 0 ? '' : JSON.stringify(value, null, 2),
  );
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const change = (text: string) => {
    setDraft(text);
    if (text.trim() === '') {
      setProblem(undefined);
      onChange({});
      return;
    }
    // Said without quoting the text: extra claims may hold a secret.
    const read = readJsonText(text);
    if ('problem' in read) {
      setProblem(read.problem);
      return;
    }
    const parsed = read.value;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setProblem(shapeMessage);
      return;
    }
    setProblem(undefined);
    onChange(parsed as Record<string, unknown>);
  };
  return (
    <Field id={id} label={label} error={problem ?? error} {...(hint === undefined ? {} : { hint })}>
      {(props) => (
        <textarea
          {...props}
          rows={3}
          spellCheck={false}
          value={draft}
          placeholder={placeholder}
          onChange={(event) => change(event.target.value)}
        />
      )}
    </Field>
  );
}
