/** Confirms a delete, naming what goes with the integration and the runbooks that use it. */
import { useEffect, useState, type ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import type { Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';

type Impact = CallOutput<'integrations.deletionImpact'>;

const plural = (count: number, word: string) => `${String(count)} ${word}${count === 1 ? '' : 's'}`;

/** What goes with the integration, one line each. */
function ImpactList({ impact }: { impact: Impact }): ReactElement {
  if (impact.configurations === 0 && impact.methods === 0) {
    return <p>It has no configurations or methods yet, so only the integration itself is deleted.</p>;
  }
  return (
    <>
      <p>These are deleted with it:</p>
      <ul className="impact-list">
        {impact.configurations > 0 && (
          <li>
            <strong>{plural(impact.configurations, 'configuration')}</strong>, with their stored credentials
          </li>
        )}
        {impact.methods > 0 && (
          <li>
            <strong>{plural(impact.methods, 'method')}</strong>
          </li>
        )}
      </ul>
    </>
  );
}

export function DeleteIntegrationDialog({
  integration,
  onCancel,
  onDeleted,
}: {
  integration: Integration;
  onCancel: () => void;
  onDeleted: () => void;
}): ReactElement {
  const [impact, setImpact] = useState<Impact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isDeleting, setIsDeleting] = useState(false);

  useEffect(() => {
    api
      .call('integrations.deletionImpact', { id: integration.id })
      .then(setImpact, (caught: unknown) => setError(messageOf(caught)));
  }, [integration.id]);

  const confirm = async () => {
    setIsDeleting(true);
    try {
      await api.call('integrations.delete', { id: integration.id });
      onDeleted();
    } catch (caught) {
      setError(messageOf(caught));
      setIsDeleting(false);
    }
  };

  return (
    <Dialog
      title={`Delete ${integration.name}?`}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={() => void confirm()}
            disabled={isDeleting || impact === null}
          >
            {isDeleting ? 'Deleting…' : 'Delete integration'}
          </button>
        </>
      }
    >
      {impact === null && error === null && <p className="muted">Checking what uses this integration…</p>}
      {impact !== null && (
        <>
          <ImpactList impact={impact} />
          {impact.runbooks.length > 0 ? (
            <div className="callout callout-warning">
              <p>
                {impact.runbooks.length === 1 ? 'This runbook uses' : 'These runbooks use'} its methods; their
                steps will no longer work:
              </p>
              <ul>
                {impact.runbooks.map((runbook) => (
                  <li key={runbook.id}>
                    <strong>{runbook.name}</strong>
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">No runbook uses it.</p>
          )}
          <p className="dialog-note">This cannot be undone.</p>
        </>
      )}
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
