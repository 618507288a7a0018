/** Settings: how secrets are protected, theme, webhook address, where the data lives. */
import { useState, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Theme } from '../../../../shared/domain/settings';
import { Icon } from '../../app/icons';
import { messageOf, useNoticeStore } from '../../app/noticeStore';
import { useSettingsStore } from './settingsStore';
import { WebhookAddressForm } from './WebhookAddressForm';

const selectSettings = (state: ReturnType<typeof useSettingsStore.getState>) => ({
  settings: state.settings,
  info: state.info,
});

const themes: { value: Theme; label: string }[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsPage(): ReactElement {
  const { settings, info } = useSettingsStore(useShallow(selectSettings));
  const [error, setError] = useState<string | null>(null);
  if (settings === null || info === null) {
    return (
      <section className="page page-narrow" aria-busy="true">
        <h1>Settings</h1>
      </section>
    );
  }
  const protection = info.keyProtection;
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <h1>Settings</h1>
      </header>

      <section className="panel" aria-labelledby="secrets-heading">
        <h2 id="secrets-heading">
          <Icon name="shield" /> Secrets
        </h2>
        {protection.isWeak ? (
          <div className="callout callout-warning" role="alert">
            <p>
              <Icon name="warning" /> <strong>Your secrets are not protected by a keychain.</strong> This
              system offers only the “basic_text” storage, so the key that encrypts your credentials is stored
              with a fixed, publicly known password. Install and unlock a keyring (for example GNOME Keyring
              or KWallet) and restart Runbook Designer.
            </p>
          </div>
        ) : (
          <p>Credentials are encrypted with AES-256-GCM; the encryption key is protected as follows.</p>
        )}
        <dl className="details">
          <dt>Protected by</dt>
          <dd>{protection.detail}</dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="appearance-heading">
        <h2 id="appearance-heading">Appearance</h2>
        <fieldset className="radio-group">
          <legend>Theme</legend>
          {themes.map((theme) => (
            <label key={theme.value} className="radio">
              <input
                type="radio"
                name="theme"
                value={theme.value}
                checked={settings.theme === theme.value}
                onChange={() => {
                  useSettingsStore
                    .getState()
                    .update({ theme: theme.value })
                    .catch((caught: unknown) => setError(messageOf(caught)));
                }}
              />
              {theme.label}
            </label>
          ))}
        </fieldset>
        {error !== null && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="webhook-heading">
        <h2 id="webhook-heading">Webhooks</h2>
        <p className="muted">
          Runbooks with a webhook trigger are served at this address. Keep 127.0.0.1 unless other machines
          must reach it.
        </p>
        <WebhookAddressForm
          settings={settings}
          onSaved={() => useNoticeStore.getState().show('success', 'Webhook address saved')}
        />
      </section>

      <section className="panel" aria-labelledby="about-heading">
        <h2 id="about-heading">About</h2>
        <dl className="details">
          <dt>Version</dt>
          <dd>
            {info.name} {info.version} ({info.shell === 'electron' ? 'desktop app' : 'headless server'})
          </dd>
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
