/**
 * The webhook's settings in the Start step: its address (from the backend, which listens on the
 * address chosen in Settings), how deliveries authenticate, the secret, and the payload → input
 * mapping. Everything but the secret is part of the Start step, saved with the graph.
 */
import type { ReactElement } from 'react';
import type { TriggerStatus } from '../../../../../shared/domain/runbook';
import type { WebhookTrigger } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { useNoticeStore } from '../../../app/noticeStore';
import type { StepEditOptions } from '../designerStore';
import { WebhookInputMapping } from './WebhookInputMapping';
import { WebhookSecret } from './WebhookSecret';

/** The address to POST to with a Copy button, or why the listener is not running. */
function WebhookAddress({ status }: { status: TriggerStatus | null }): ReactElement {
  const url = status?.webhook.url ?? null;
  const copy = () => {
    if (url === null) return;
    void navigator.clipboard.writeText(url).then(
      () => useNoticeStore.getState().show('success', 'Webhook address copied'),
      () =>
        useNoticeStore
          .getState()
          .show('error', 'The clipboard is not available; select the address and copy it.'),
    );
  };
  return (
    <div className="trigger-url">
      {url === null ? (
        <p className="field-error" role="alert">
          {status?.webhook.error ?? 'The webhook listener is not running.'} In{' '}
          <a href="#/settings">Settings → Webhooks</a>, listen again once the port is free, or choose another
          address.
        </p>
      ) : (
        <>
          <input
            className="mono"
            readOnly
            value={url}
            aria-label="Webhook address"
            onFocus={(event) => event.target.select()}
          />
          <button
            type="button"
            className="button button-small"
            onClick={copy}
            aria-label="Copy webhook address"
          >
            <Icon name="copy" /> Copy
          </button>
        </>
      )}
    </div>
  );
}

/** The signature's header and prefix, for HMAC-signed deliveries. */
function SignatureFields({
  webhook,
  onChange,
}: {
  webhook: WebhookTrigger;
  onChange: (next: WebhookTrigger) => void;
}): ReactElement {
  return (
    <>
      <p className="hint">
        The sender signs the raw body with the secret key (HMAC-SHA256, hex or base64), as GitHub does in
        X-Hub-Signature-256 with the prefix sha256=.
      </p>
      <div className="two-fields">
        <label className="inline-label">
          Signature header
          <input
            className="mono"
            value={webhook.signatureHeader}
            onChange={(event) => onChange({ ...webhook, signatureHeader: event.target.value })}
          />
        </label>
        <label className="inline-label">
          Prefix
          <input
            className="mono"
            value={webhook.signaturePrefix}
            placeholder="none"
            onChange={(event) => onChange({ ...webhook, signaturePrefix: event.target.value })}
          />
        </label>
      </div>
    </>
  );
}

/** How a delivery proves where it comes from: a signature, Basic credentials, or nothing. */
function WebhookAuthentication({
  webhook,
  onChange,
}: {
  webhook: WebhookTrigger;
  onChange: (next: WebhookTrigger) => void;
}): ReactElement {
  return (
    <>
      <label className="inline-label">
        Authentication
        <select
          value={webhook.authentication}
          onChange={(event) =>
            onChange({ ...webhook, authentication: event.target.value as WebhookTrigger['authentication'] })
          }
        >
          <option value="signature">HMAC-SHA256 signature</option>
          <option value="basic">Basic (user and password)</option>
          <option value="none">None (anyone who can reach it)</option>
        </select>
      </label>
      {webhook.authentication === 'signature' && <SignatureFields webhook={webhook} onChange={onChange} />}
      {webhook.authentication === 'basic' && (
        <label className="inline-label">
          User name
          <input
            value={webhook.username}
            onChange={(event) => onChange({ ...webhook, username: event.target.value })}
          />
        </label>
      )}
    </>
  );
}

/** The webhook's part of the Start step, shown while the webhook is switched on. */
export function WebhookSettings({
  runbookId,
  webhook,
  status,
  onChange,
  onSecretSaved,
}: {
  runbookId: string;
  webhook: WebhookTrigger;
  status: TriggerStatus | null;
  /** Adding or removing a mapping row passes `isOwnUndoEntry`. */
  onChange: (next: WebhookTrigger, options?: StepEditOptions) => void;
  onSecretSaved: () => void;
}): ReactElement {
  return (
    <>
      <WebhookAddress status={status} />
      <p className="hint">POST only. The payload is {'{{trigger.body}}'} in every step.</p>
      <WebhookAuthentication webhook={webhook} onChange={onChange} />
      {webhook.authentication === 'none' ? (
        <p className="hint warn-text">Anyone who can reach this address can start the runbook.</p>
      ) : (
        <WebhookSecret
          runbookId={runbookId}
          authentication={webhook.authentication}
          hasSecret={status?.webhook.hasSecret ?? false}
          onSaved={onSecretSaved}
        />
      )}
      <WebhookInputMapping
        mapping={webhook.inputMapping}
        onChange={(next, options) => onChange({ ...webhook, inputMapping: next }, options)}
      />
    </>
  );
}
