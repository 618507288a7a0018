/** A write-only secret: shows •••• when one is stored, offers Replace and Clear, never the value. */
import { useState, type ReactElement } from 'react';
import type { CredentialField } from '../../../../shared/auth/authTypeDescriptor';
import { secretMask } from '../../../../shared/domain/configuration';
import { Field } from '../../app/Field';

/** PEM files are text; PFX and other binary files travel as base64. */
async function readSecretFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const isText = bytes.every(
    (byte) => byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte < 127),
  );
  if (isText) return new TextDecoder().decode(bytes);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function SecretInput({
  field,
  isStored,
  pending,
  error,
  onChange,
}: {
  field: CredentialField;
  isStored: boolean;
  /** undefined: keep what is stored; null: clear it; a string: the new value. */
  pending: string | null | undefined;
  error: string | undefined;
  onChange: (value: string | null | undefined) => void;
}): ReactElement {
  const [isReplacing, setIsReplacing] = useState(!isStored);
  const id = `credential-${field.name}`;
  if (!isReplacing && pending !== null) {
    return (
      <div className="field">
        <span className="field-label">{field.label}</span>
        <div className="secret-stored">
          <code aria-label={`${field.label} is stored`}>{secretMask}</code>
          <button type="button" className="button button-small" onClick={() => setIsReplacing(true)}>
            Replace {field.label}
          </button>
          <button type="button" className="button button-small" onClick={() => onChange(null)}>
            Clear
          </button>
        </div>
      </div>
    );
  }
  return (
    <Field
      id={id}
      label={field.label}
      error={error}
      isRequired={field.isRequired}
      hint={
        pending === null
          ? 'Will be cleared when you save.'
          : isStored
            ? 'Leave empty to keep the stored value.'
            : field.help
      }
    >
      {(props) =>
        field.kind === 'secretFile' ? (
          <input
            {...props}
            type="file"
            accept=".pem,.key,.pfx,.p12,.crt"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file !== undefined) void readSecretFile(file).then((value) => onChange(value));
            }}
          />
        ) : (
          <input
            {...props}
            type="password"
            autoComplete="off"
            value={typeof pending === 'string' ? pending : ''}
            onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
          />
        )
      }
    </Field>
  );
}
