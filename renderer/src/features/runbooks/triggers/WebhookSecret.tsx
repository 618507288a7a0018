/**
 * The webhook's write-only secret (the HMAC key, or the Basic password): whether one is set,
 * and a form to set, generate, replace or remove it. It is sent once and kept encrypted by the
 * backend; the window never reads it back.
 */
import { useState, type ReactElement } from 'react';
import type { WebhookTrigger } from '../../../../../shared/runbook/stepTypes';
import { api } from '../../../api/client';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';

type Authentication = Exclude<WebhookTrigger['authentication'], 'none'>;

/** 48 hex digits from the browser's random source: a key as strong as the HMAC needs. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Whether a secret is set, with Set/Replace and Remove. */
function SecretState({
  label,
  hasSecret,
  onEdit,
  onRemove,
}: {
  label: string;
  hasSecret: boolean;
  onEdit: () => void;
  onRemove: () => void;
}): ReactElement {
  return (
    <div className="trigger-secret">
      <span className={`badge ${hasSecret ? 'badge-ok' : 'badge-warn'}`}>
        {hasSecret ? `${label} set` : `No ${label.toLowerCase()} yet`}
      </span>
      <button type="button" className="button button-small" onClick={onEdit}>
        {hasSecret ? 'Replace' : 'Set'}
      </button>
      {hasSecret && (
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove
        </button>
      )}
    </div>
  );
}

/** The form that takes a new secret (typed, or generated for a signature). */
function SecretForm({
  label,
  authentication,
  value,
  error,
  onValue,
  onSave,
  onCancel,
}: {
  label: string;
  authentication: Authentication;
  value: string;
  error: string | null;
  onValue: (value: string) => void;
  onSave: () => void;
  onCancel: () => void;
}): ReactElement {
  return (
    <form
      className="trigger-secret-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (value !== '') onSave();
      }}
    >
      <label className="inline-label">
        {label}
        <input
          type={authentication === 'basic' ? 'password' : 'text'}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onValue(event.target.value)}
          aria-describedby="webhook-secret-hint"
        />
      </label>
      <p id="webhook-secret-hint" className="hint">
        Stored encrypted; it is never shown again nor exported.
        {authentication === 'signature' ? ' Give the same key to the sender.' : ''}
      </p>
      {error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-small button-primary" disabled={value === ''}>
          Save
        </button>
        {authentication === 'signature' && (
          <button type="button" className="button button-small" onClick={() => onValue(randomKey())}>
            Generate
          </button>
        )}
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The secret's state and its form; `onSaved` lets the panel read the trigger status again. */
export function WebhookSecret({
  runbookId,
  authentication,
  hasSecret,
  onSaved,
}: {
  runbookId: string;
  authentication: Authentication;
  hasSecret: boolean;
  onSaved: () => void;
}): ReactElement {
  const [value, setValue] = useState('');
  const [isEditing, setIsEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = authentication === 'basic' ? 'Password' : 'Secret key';
  const save = async (secret: string | null) => {
    try {
      await api.call('runbooks.setTriggerSecret', { id: runbookId, secret });
      setValue('');
      setIsEditing(false);
      setError(null);
      useNoticeStore
        .getState()
        .show('success', secret === null ? `${label} removed` : `${label} saved, encrypted`);
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  if (!isEditing)
    return (
      <SecretState
        label={label}
        hasSecret={hasSecret}
        onEdit={() => setIsEditing(true)}
        onRemove={() => void save(null)}
      />
    );
  return (
    <SecretForm
      label={label}
      authentication={authentication}
      value={value}
      error={error}
      onValue={setValue}
      onSave={() => void save(value)}
      onCancel={() => setIsEditing(false)}
    />
  );
}
