/** One integration: header with Edit and Delete, and tabs for its connection, configurations, methods and calls. */
import { useState, type ReactElement } from 'react';
import { Icon } from '../../app/icons';
import { Loading } from '../../app/Loading';
import { api } from '../../api/client';
import { downloadFile } from '../../app/downloadFile';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { hrefOf, navigate, type IntegrationTab } from '../../app/route';
import { ConfigurationsTab } from '../configurations/ConfigurationsTab';
import { ConnectionTab } from '../connection/ConnectionTab';
import { MethodsTab } from '../methods/MethodsTab';
import { CallLogTab } from './CallLogTab';
import { useOpenIntegration } from './currentIntegrationStore';
import { DeleteIntegrationDialog } from './DeleteIntegrationDialog';
import { IntegrationLogo } from './IntegrationLogo';
import { OverviewTab } from './OverviewTab';

const tabs: { tab: IntegrationTab; label: string }[] = [
  { tab: 'overview', label: 'Overview' },
  { tab: 'connection', label: 'Connection' },
  { tab: 'configurations', label: 'Configurations' },
  { tab: 'methods', label: 'Methods' },
  { tab: 'calls', label: 'Call log' },
];

function TabContent({ tab, id }: { tab: IntegrationTab; id: string }): ReactElement {
  switch (tab) {
    case 'overview':
      return <OverviewTab />;
    case 'connection':
      return <ConnectionTab key={id} />;
    case 'configurations':
      return <ConfigurationsTab />;
    case 'methods':
      return <MethodsTab />;
    case 'calls':
      return <CallLogTab id={id} />;
  }
}

export function IntegrationDetailsPage({ id, tab }: { id: string; tab: IntegrationTab }): ReactElement {
  const { integration, error, configurations, methods, isLoaded } = useOpenIntegration();
  const [isDeleting, setIsDeleting] = useState(false);

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
  if (!isLoaded || integration?.id !== id) {
    return (
      <section className="page" aria-busy="true">
        {back}
        <Loading label="Loading the integration…" />
      </section>
    );
  }
  const counts: Partial<Record<IntegrationTab, number>> = {
    configurations: configurations.length,
    methods: methods.length,
  };
  return (
    <section className="page">
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
            title="Save the definition and methods as a file for teammates (no configurations, no secrets)"
            onClick={() =>
              void api.call('integrations.export', { id }).then(
                ({ fileName, content, warnings }) => {
                  downloadFile(fileName, content);
                  useNoticeStore.getState().show('success', `Exported ${fileName}`);
                  for (const warning of warnings) useNoticeStore.getState().show('error', warning);
                },
                (caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)),
              )
            }
          >
            <Icon name="upload" />
            Export
          </button>
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
      <nav className="tabs" aria-label="Integration sections">
        {tabs.map((item) => (
          <a
            key={item.tab}
            className="tab"
            href={hrefOf({ area: 'integrations', view: 'details', id, tab: item.tab })}
            aria-current={item.tab === tab ? 'page' : undefined}
          >
            {item.label}
            {counts[item.tab] !== undefined && <span className="tab-count">{counts[item.tab]}</span>}
          </a>
        ))}
      </nav>
      <div className="tab-panel">
        <TabContent tab={tab} id={id} />
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
