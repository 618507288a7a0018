/** One integration's details, with Edit and Delete. Configurations and methods come next. */
import { useEffect, useState, type ReactElement } from 'react';
import type { Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { Icon } from '../../app/icons';
import { messageOf, useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { DeleteIntegrationDialog } from './DeleteIntegrationDialog';
import { IntegrationLogo } from './IntegrationLogo';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function IntegrationDetailsPage({ id }: { id: string }): ReactElement {
  const [integration, setIntegration] = useState<Integration | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);

  useEffect(() => {
    api
      .call('integrations.get', { id })
      .then(setIntegration, (caught: unknown) => setError(messageOf(caught)));
  }, [id]);

  const back = (
    <button
      type="button"
      className="link-button"
      onClick={() => navigate({ area: 'integrations', view: 'list' })}
    >
      <Icon name="back" /> Integrations
    </button>
  );
  if (error !== null) {
    return (
      <section className="page page-narrow">
        {back}
        <p className="inline-error" role="alert">
          {error}
        </p>
      </section>
    );
  }
  if (integration === null) {
    return (
      <section className="page page-narrow" aria-busy="true">
        {back}
      </section>
    );
  }
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <div className="details-title">
          {back}
          <div className="details-heading">
            <IntegrationLogo integration={integration} size={56} />
            <div>
              <h1>{integration.name}</h1>
              <p className="card-meta">
                <span className="badge">{integration.category}</span>
                {integration.versionLabel !== '' && <span className="muted">{integration.versionLabel}</span>}
              </p>
            </div>
          </div>
        </div>
        <div className="header-actions">
          <button
            type="button"
            className="button"
            onClick={() => navigate({ area: 'integrations', view: 'edit', id })}
          >
            <Icon name="edit" />
            Edit
          </button>
          <button type="button" className="button button-danger-quiet" onClick={() => setIsDeleting(true)}>
            <Icon name="trash" />
            Delete
          </button>
        </div>
      </header>
      <dl className="details">
        <dt>Description</dt>
        <dd>
          {integration.description === '' ? <span className="muted">None</span> : integration.description}
        </dd>
        <dt>Notes</dt>
        <dd className="notes">
          {integration.notes === '' ? <span className="muted">None</span> : integration.notes}
        </dd>
        <dt>Created</dt>
        <dd>{dateFormat.format(new Date(integration.createdAt))}</dd>
        <dt>Last changed</dt>
        <dd>{dateFormat.format(new Date(integration.updatedAt))}</dd>
      </dl>
      <div className="callout">
        <p>
          <strong>Next:</strong> connection settings, configurations with credentials, and methods for this
          integration arrive with the next release of Runbook Designer.
        </p>
      </div>
      {isDeleting && (
        <DeleteIntegrationDialog
          integration={integration}
          onCancel={() => setIsDeleting(false)}
          onDeleted={() => {
            useNoticeStore.getState().show('success', `Deleted ${integration.name}`);
            navigate({ area: 'integrations', view: 'list' });
          }}
        />
      )}
    </section>
  );
}
