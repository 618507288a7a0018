/**
 * Edits the host and port the webhook server binds to; each problem is shown at its field. While
 * nothing listens (the port was taken at start-up), the same address can be tried again: senders
 * keep the webhook addresses they were given.
 */
import { useState, type FormEvent, type ReactElement } from 'react';
import { AppError } from '../../../../shared/api/appError';
import type { Settings } from '../../../../shared/domain/settings';
import { Field } from '../../app/Field';
import { messageOf } from '../../app/errorMessage';
import { updateSettings } from './settingsResource';

type Errors = Partial<Record<'host' | 'port' | 'form', string>>;

function validate(host: string, port: string): Errors {
  const errors: Errors = {};
  const trimmedHost = host.trim();
  if (trimmedHost === '') errors.host = 'Enter a host name or IP address, e.g. 127.0.0.1.';
  else if (/[\s/]|:\/\//.test(trimmedHost) || trimmedHost.length > 255) {
    errors.host = 'Enter only a host name or IP address, without http:// or a path.';
  }
  const portNumber = Number(port);
  if (port.trim() === '' || !Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65_535) {
    errors.port = 'A whole number from 0 to 65535.';
  }
  return errors;
}

/** Where a backend error belongs: its field names the setting. */
function fieldOf(error: unknown): keyof Errors {
  const field = error instanceof AppError ? error.field : undefined;
  return field === 'webhookHost' ? 'host' : field === 'webhookPort' ? 'port' : 'form';
}

export function WebhookAddressForm({
  settings,
  isListening,
  onSaved,
}: {
  settings: Settings;
  /** False while the listener is not bound: the unchanged address may then be tried again. */
  isListening: boolean;
  onSaved: () => void;
}): ReactElement {
  const [host, setHost] = useState(settings.webhookHost);
  const [port, setPort] = useState(String(settings.webhookPort));
  const [errors, setErrors] = useState<Errors>({});
  const [isSaving, setIsSaving] = useState(false);
  const isChanged = host.trim() !== settings.webhookHost || port.trim() !== String(settings.webhookPort);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(host, port);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setIsSaving(true);
    try {
      await updateSettings({ webhookHost: host.trim(), webhookPort: Number(port) });
      onSaved();
    } catch (caught) {
      setErrors({ [fieldOf(caught)]: messageOf(caught) });
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <form className="webhook-form" onSubmit={(event) => void submit(event)} noValidate>
      <Field id="webhook-host" label="Webhook host" error={errors.host}>
        {(props) => (
          <input
            {...props}
            value={host}
            spellCheck={false}
            onChange={(event) => {
              setHost(event.target.value);
              setErrors((current) => ({ ...current, host: undefined, form: undefined }));
            }}
          />
        )}
      </Field>
      <Field id="webhook-port" label="Webhook port" error={errors.port} hint="0 picks a free port.">
        {(props) => (
          <input
            {...props}
            inputMode="numeric"
            value={port}
            onChange={(event) => {
              setPort(event.target.value);
              setErrors((current) => ({ ...current, port: undefined, form: undefined }));
            }}
          />
        )}
      </Field>
      <button type="submit" className="button" disabled={isSaving || (!isChanged && isListening)}>
        {isSaving ? 'Saving…' : isChanged || isListening ? 'Save address' : 'Listen again'}
      </button>
      {errors.form !== undefined && (
        <p className="inline-error" role="alert">
          {errors.form}
        </p>
      )}
    </form>
  );
}
