/** The integration's details, and what to set up next. */
import type { ReactElement } from 'react';
import { hrefOf } from '../../app/route';
import { useOpenIntegration } from './currentIntegrationStore';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function OverviewTab(): ReactElement | null {
  const { integration, definition, configurations, methods } = useOpenIntegration();
  const configurationCount = configurations.length;
  const methodCount = methods.length;
  if (integration === null) return null;
  const tab = (name: 'connection' | 'configurations' | 'methods') =>
    hrefOf({ area: 'integrations', view: 'details', id: integration.id, tab: name });
  const nextStep =
    definition?.protocol === 'rest' && definition.baseUrl === '' && definition.baseUrlMode === 'fixed'
      ? {
          text: 'Set the base URL and how it signs in.',
          href: tab('connection'),
          label: 'Set up the connection',
        }
      : configurationCount === 0
        ? {
            text: 'Add a configuration with the credentials to use.',
            href: tab('configurations'),
            label: 'Add a configuration',
          }
        : methodCount === 0 && definition?.protocol === 'rest'
          ? {
              text: 'Define the requests your runbooks will send.',
              href: tab('methods'),
              label: 'Add a method',
            }
          : null;
  return (
    <div className="overview">
      {nextStep !== null && (
        <div className="callout next-step">
          <p>
            <strong>Next:</strong> {nextStep.text}
          </p>
          <a className="button button-primary button-small" href={nextStep.href}>
            {nextStep.label}
          </a>
        </div>
      )}
      <dl className="details">
        <dt>Description</dt>
        <dd>
          {integration.description === '' ? <span className="muted">None</span> : integration.description}
        </dd>
        <dt>Notes</dt>
        <dd className="notes">
          {integration.notes === '' ? <span className="muted">None</span> : integration.notes}
        </dd>
        {definition !== null && (
          <>
            <dt>Protocol</dt>
            <dd>{definition.protocol === 'rest' ? 'REST API' : 'Secrets only'}</dd>
            {definition.protocol === 'rest' && (
              <>
                <dt>Base URL</dt>
                <dd>
                  {definition.baseUrlMode === 'fixed' ? (
                    definition.baseUrl === '' ? (
                      <span className="muted">Not set</span>
                    ) : (
                      <code>{definition.baseUrl}</code>
                    )
                  ) : (
                    'Set by each configuration'
                  )}
                </dd>
              </>
            )}
            <dt>Variables</dt>
            <dd>
              {definition.variablePrefix === '' ? (
                <span className="muted">No prefix set</span>
              ) : (
                <code>{`{{config.${definition.variablePrefix}.<field>}}`}</code>
              )}
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{dateFormat.format(new Date(integration.createdAt))}</dd>
        <dt>Last changed</dt>
        <dd>{dateFormat.format(new Date(integration.updatedAt))}</dd>
      </dl>
    </div>
  );
}
