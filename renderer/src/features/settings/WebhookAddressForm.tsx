/** Edits the host and port the webhook server binds to. */
import { useState, type FormEvent, type ReactElement } from 'react';
import { AppError } from '../../../../shared/api/appError';
import type { Settings } from '../../../../shared/domain/settings';
import { messageOf } from '../../app/noticeStore';
import { useSettingsStore } from './settingsStore';

export function WebhookAddressForm({
  settings,
  onSaved,
}: {
  settings: Settings;
  onSaved: () => void;
}): ReactElement {
  const [host, setHost] = useState(settings.webhookHost);
  const [port, setPort] = useState(String(settings.webhookPort));
  const [error, setError] = useState<{ field: 'host' | 'port' | 'form'; message: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65_535) {
      setError({
        field: 'port',
        message: 'The port is a whole number from 0 to 65535 (0 picks a free one).',
      });
      return;
    }
    try {
      await useSettingsStore.getState().update({ webhookHost: host, webhookPort: portNumber });
      setError(null);
      onSaved();
    } catch (caught) {
      const field = caught instanceof AppError && caught.field === 'webhookHost' ? 'host' : 'form';
      setError({ field, message: messageOf(caught) });
    }
  };

  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)} noValidate>
      <div className="field">
        <label htmlFor="webhook-host">Webhook host</label>
        <input
          id="webhook-host"
          value={host}
          aria-invalid={error?.field === 'host'}
          onChange={(event) => setHost(event.target.value)}
        />
      </div>
      <div className="field field-short">
        <label htmlFor="webhook-port">Webhook port</label>
        <input
          id="webhook-port"
          inputMode="numeric"
          value={port}
          aria-invalid={error?.field === 'port'}
          onChange={(event) => setPort(event.target.value)}
        />
      </div>
      <button type="submit" className="button">
        Save address
      </button>
      {error !== null && (
        <p className="field-error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}
