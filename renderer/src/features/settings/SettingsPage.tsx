/** Settings: how secrets are protected, theme, webhook address, where runs run, where the data lives. */
import type { ReactElement } from 'react';
import type { KeyProtection, WebhookListener } from '../../../../shared/domain/settings';
import { Icon } from '../../app/icons';
import { Loading } from '../../app/Loading';
import { useNoticeStore } from '../../app/noticeStore';
import { useAppInfo, useSettings, useWebhookListener } from './settingsResource';
import { QueuePanel } from './QueuePanel';
import { ThemePicker } from './ThemePicker';
import { WebhookAddressForm } from './WebhookAddressForm';

function SecretsPanel({ protection }: { protection: KeyProtection }): ReactElement {
  return (
    <section className="panel" aria-labelledby="secrets-heading">
      <h2 id="secrets-heading">
        <Icon name="shield" /> Secrets
        {protection.isWeak ? (
          <span className="pill pill-warning">Not protected by a keychain</span>
        ) : (
          <span className="pill pill-success">
            <Icon name="check" /> Protected
          </span>
        )}
      </h2>
      {protection.isWeak ? (
        <div className="callout callout-warning callout-icon" role="alert">
          <Icon name="warning" />
          <div>
            <p>
              <strong>Your secrets are not protected by a keychain.</strong>
            </p>
            <p>
              This system offers only the “basic_text” storage, so the key that encrypts your credentials is
              stored with a fixed, publicly known password: anyone who can read your files can read your
              secrets. Install and unlock a keyring (for example GNOME Keyring or KWallet), then restart
              Runbook Designer.
            </p>
          </div>
        </div>
      ) : (
        <p className="muted">
          Credentials are encrypted with AES-256-GCM and never shown again in clear; the key that encrypts
          them is protected as follows.
        </p>
      )}
      <dl className="details">
        <dt>Key protected by</dt>
        <dd>{protection.detail}</dd>
        <dt>Provider</dt>
        <dd>
          <code>{protection.provider}</code>
        </dd>
      </dl>
    </section>
  );
}

/** Whether webhooks (and approval links) can reach the app now: the listener's address, or why not. */
function WebhookListenerStatus({ listener }: { listener: WebhookListener | null }): ReactElement | null {
  if (listener === null) return null;
  if (listener.url !== null)
    return (
      <p className="webhook-listener">
        <span className="pill pill-success">
          <Icon name="check" /> Listening
        </span>{' '}
        at <code>{listener.url}</code>
      </p>
    );
  return (
    <div className="callout callout-warning callout-icon webhook-listener">
      <Icon name="warning" />
      <div>
        <p>
          <strong>Not listening: webhooks and approval links do not reach the app.</strong>
        </p>
        <p>
          {listener.error ?? 'The webhook listener is not running.'} Once the port is free, Listen again keeps
          the webhook addresses senders were given; or save another address (port 0 picks a free one).
          Meanwhile approvals are decided in the app.
        </p>
      </div>
    </div>
  );
}

export function SettingsPage(): ReactElement {
  const settings = useSettings();
  const info = useAppInfo();
  const listener = useWebhookListener();
  if (settings === null || info === null) {
    return (
      <section className="page page-narrow" aria-busy="true">
        <header className="page-header">
          <h1>Settings</h1>
        </header>
        <Loading label="Loading settings…" />
      </section>
    );
  }
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <div>
          <h1>Settings</h1>
          <p className="muted">Stored on this computer, in the data folder below.</p>
        </div>
      </header>

      <SecretsPanel protection={info.keyProtection} />

      <section className="panel" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">
          <Icon name="sun" /> Appearance
        </h2>
        <ThemePicker theme={settings.theme} />
      </section>

      <section className="panel" aria-labelledby="webhook-heading">
        <h2 id="webhook-heading">
          <Icon name="webhook" /> Webhooks
        </h2>
        <p className="muted">
          Runbooks with a webhook trigger are served at this address. Keep 127.0.0.1 unless other machines
          must reach it.
        </p>
        <WebhookListenerStatus listener={listener} />
        <WebhookAddressForm
          settings={settings}
          isListening={listener?.url !== null}
          onSaved={() => useNoticeStore.getState().show('success', 'Webhook address saved')}
        />
      </section>

      <QueuePanel />

      <section className="panel" aria-labelledby="about-heading">
        <h2 id="about-heading">
          <Icon name="info" /> About
        </h2>
        <dl className="details">
          <dt>Version</dt>
          <dd>
            {info.name} {info.version}
          </dd>
          <dt>Shell</dt>
          <dd>{info.shell === 'electron' ? 'Desktop app (Electron)' : 'Headless server, in your browser'}</dd>
          <dt>Data folder</dt>
          <dd>
            <code>{info.dataDirectory}</code>
          </dd>
          <dt>Database</dt>
          <dd>
            <code>{info.databaseFile}</code>
          </dd>
        </dl>
      </section>
    </section>
  );
}
