/** An integration's methods, each opening in the method editor. */
import { useRef, useState, type ReactElement } from 'react';
import { refocusAfterRowDeleted } from '../../app/focusReturn';
import { Icon } from '../../app/icons';
import { hrefOf, navigate } from '../../app/route';
import { useOpenIntegration } from '../integrations/currentIntegrationStore';
import { DeleteMethodDialog } from './DeleteMethodDialog';
import { ImportOpenApiDialog } from './ImportOpenApiDialog';
import { PasteCurlDialog } from './PasteCurlDialog';
import { countOf } from '../../app/countOf';

export function MethodsTab(): ReactElement | null {
  const { id, methods, definition } = useOpenIntegration();
  const protocol = definition?.protocol;
  const [dialog, setDialog] = useState<'openapi' | 'curl' | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  // The Delete button pressed: after the delete, focus goes to the next method (or the tab).
  const deleteButton = useRef<HTMLElement | null>(null);
  if (id === null) return null;
  if (protocol === 'secrets') {
    return <p className="muted">A Secrets-only integration sends no requests, so it has no methods.</p>;
  }
  return (
    <div>
      <div className="section-header">
        <p className="muted">Each method is one HTTP request; runbooks run them as steps.</p>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => setDialog('openapi')}>
            Import OpenAPI
          </button>
          <button type="button" className="button" onClick={() => setDialog('curl')}>
            Paste cURL
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => navigate({ area: 'integrations', view: 'method', id, methodId: null })}
          >
            <Icon name="plus" /> New method
          </button>
        </div>
      </div>
      {dialog === 'openapi' && <ImportOpenApiDialog integrationId={id} onClose={() => setDialog(null)} />}
      {dialog === 'curl' && <PasteCurlDialog integrationId={id} onClose={() => setDialog(null)} />}
      {deleting !== null && (
        <DeleteMethodDialog
          method={deleting}
          onCancel={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            refocusAfterRowDeleted(deleteButton.current, () =>
              document.querySelector<HTMLElement>('.tabs [aria-current="page"]'),
            );
          }}
        />
      )}
      {methods.length === 0 ? (
        <div className="empty-state">
          <h2>No method yet</h2>
          <p>Define the first request, then press Test to try it against the API.</p>
        </div>
      ) : (
        <ul className="list list-with-actions">
          {methods.map((method) => (
            <li key={method.id}>
              <a
                className="list-row list-link"
                href={hrefOf({ area: 'integrations', view: 'method', id, methodId: method.id })}
              >
                <span className={`method-badge method-${method.definition.httpMethod.toLowerCase()}`}>
                  {method.definition.httpMethod}
                </span>
                <span className="list-main">
                  <span className="list-title">{method.definition.name}</span>
                  <span className="muted mono">
                    {method.definition.path === '' ? '/' : method.definition.path}
                  </span>
                </span>
                <span className="muted">{countOf(method.definition.outputs.length, 'output')}</span>
              </a>
              <button
                type="button"
                className="button button-small button-danger-quiet"
                aria-label={`Delete ${method.definition.name}`}
                title="Delete this method"
                onClick={(event) => {
                  deleteButton.current = event.currentTarget;
                  setDeleting({ id: method.id, name: method.definition.name });
                }}
              >
                <Icon name="trash" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
