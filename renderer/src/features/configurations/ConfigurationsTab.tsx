/**
 * An integration's configurations: the primary one, client names, credentials (write-only). A
 * row's Make primary, Clear tokens and Delete each ignore a press while their call is on its way.
 */
import { useRef, useState, type ReactElement } from 'react';
import { isBaseUrlPerConfiguration } from '../../../../shared/domain/integrationDefinition';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { refocusAfterRowDeleted, refocusWhenLost } from '../../app/focusReturn';
import { useNoticeStore } from '../../app/noticeStore';
import {
  refreshIntegrationLists,
  useOpenIntegration,
  type ConfigurationView,
} from '../integrations/currentIntegrationStore';
import { ConfigurationForm } from './ConfigurationForm';
import { countOf } from '../../app/countOf';

type Editing = { kind: 'new' } | { kind: 'edit'; configuration: ConfigurationView } | null;

/** A row's action whose call may be on its way. */
type RowAction = 'setPrimary' | 'clearTokens' | 'delete';

/** The key of one row's action among those on their way. */
const busyKey = (action: RowAction, id: string) => `${action}:${id}`;

const editButtonId = (id: string) => `configuration-edit-${id}`;
const newButtonId = 'configuration-new';

/** Focus back on the button that opened the form (or the row's Edit after Make primary). */
function refocusOn(buttonId: string): void {
  refocusWhenLost(() => document.getElementById(buttonId));
}

async function act(action: () => Promise<unknown>, success: string): Promise<void> {
  try {
    await action();
    useNoticeStore.getState().show('success', success);
    await refreshIntegrationLists();
  } catch (error) {
    useNoticeStore.getState().show('error', messageOf(error));
  }
}

export function ConfigurationsTab(): ReactElement | null {
  const { id, definition, configurations } = useOpenIntegration();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ConfigurationView | null>(null);
  // The rows' actions whose call is on its way (until the list is read again): a double click
  // or a press while waiting would send the same call again.
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  // The Delete button pressed: after the delete, focus goes to the next configuration.
  const deleteButton = useRef<HTMLElement | null>(null);
  if (id === null || definition === null) return null;
  const hasTokens = definition.auth.type === 'oauth2' || definition.auth.type === 'jwtAssertion';
  // A configuration's base URL kept while the integration's is fixed is not used: not shown either.
  const hasOwnBaseUrl = isBaseUrlPerConfiguration(definition);
  const isBusy = (action: RowAction, configurationId: string) => busy.has(busyKey(action, configurationId));
  /** Runs a row's action unless the same one is on its way; ignored (false) when it is. */
  const actOnce = (
    action: RowAction,
    configurationId: string,
    call: () => Promise<unknown>,
    success: string,
  ): boolean => {
    const key = busyKey(action, configurationId);
    if (busy.has(key)) return false;
    setBusy((current) => new Set(current).add(key));
    void act(call, success).finally(() =>
      setBusy((current) => new Set([...current].filter((item) => item !== key))),
    );
    return true;
  };

  if (editing !== null) {
    return (
      <ConfigurationForm
        integrationId={id}
        definition={definition}
        configuration={editing.kind === 'edit' ? editing.configuration : null}
        onDone={() => {
          refocusOn(editing.kind === 'edit' ? editButtonId(editing.configuration.id) : newButtonId);
          setEditing(null);
          void refreshIntegrationLists();
        }}
      />
    );
  }
  return (
    <div>
      <div className="section-header">
        <p className="muted">
          A configuration holds the credentials and values this integration runs with. The primary one is used
          unless a runbook step picks another{definition.isClientMode ? ', or the run is for a client' : ''}.
        </p>
        <button
          id={newButtonId}
          type="button"
          className="button button-primary"
          onClick={() => setEditing({ kind: 'new' })}
        >
          <Icon name="plus" /> New configuration
        </button>
      </div>
      {configurations.length === 0 ? (
        <div className="empty-state">
          <h2>No configuration yet</h2>
          <p>Add one with the credentials to use — for example “Production”.</p>
        </div>
      ) : (
        <ul className="list">
          {configurations.map((configuration) => (
            <li key={configuration.id} className="list-row">
              <div className="list-main">
                <span className="list-title">
                  {configuration.name}
                  {configuration.isPrimary && <span className="badge">Primary</span>}
                </span>
                <span className="muted">
                  {[
                    configuration.clientName !== '' ? `Client: ${configuration.clientName}` : '',
                    hasOwnBaseUrl ? configuration.baseUrl : '',
                    countOf(Object.keys(configuration.secrets).length, 'secret set', 'secrets set'),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </div>
              <div className="list-actions">
                {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page. */}
                {!configuration.isPrimary && (
                  <button
                    type="button"
                    className="button button-small"
                    aria-disabled={isBusy('setPrimary', configuration.id)}
                    onClick={() => {
                      const isSent = actOnce(
                        'setPrimary',
                        configuration.id,
                        () => api.call('configurations.setPrimary', { id: configuration.id }),
                        `${configuration.name} is now primary`,
                      );
                      if (isSent) refocusOn(editButtonId(configuration.id)); // this button goes
                    }}
                  >
                    Make primary
                  </button>
                )}
                {hasTokens && (
                  <button
                    type="button"
                    className="button button-small"
                    aria-disabled={isBusy('clearTokens', configuration.id)}
                    onClick={() =>
                      actOnce(
                        'clearTokens',
                        configuration.id,
                        () => api.call('configurations.clearTokens', { id: configuration.id }),
                        'Tokens cleared',
                      )
                    }
                  >
                    Clear tokens
                  </button>
                )}
                <button
                  id={editButtonId(configuration.id)}
                  type="button"
                  className="button button-small"
                  onClick={() => setEditing({ kind: 'edit', configuration })}
                >
                  {/* Named whole for a screen reader; on screen its row says which (a name may be
                      200 characters long). */}
                  Edit<span className="visually-hidden"> {configuration.name}</span>
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Delete ${configuration.name}`}
                  aria-disabled={isBusy('delete', configuration.id)}
                  onClick={(event) => {
                    // Its delete is on its way: asking again would send a second one.
                    if (isBusy('delete', configuration.id)) return;
                    deleteButton.current = event.currentTarget;
                    setDeleting(configuration);
                  }}
                >
                  <Icon name="trash" />
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {deleting !== null && (
        <Dialog
          title={`Delete ${deleting.name}?`}
          onClose={() => setDeleting(null)}
          actions={
            <>
              <button type="button" className="button" onClick={() => setDeleting(null)} autoFocus>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  const target = deleting;
                  setDeleting(null);
                  refocusAfterRowDeleted(deleteButton.current, () => document.getElementById(newButtonId));
                  actOnce(
                    'delete',
                    target.id,
                    () => api.call('configurations.delete', { id: target.id }),
                    `Deleted ${target.name}`,
                  );
                }}
              >
                Delete configuration
              </button>
            </>
          }
        >
          <p>Its stored credentials and tokens are deleted with it.</p>
        </Dialog>
      )}
    </div>
  );
}
