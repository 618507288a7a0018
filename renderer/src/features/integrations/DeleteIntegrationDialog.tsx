/** Confirms a delete, naming what goes with the integration and the runbooks that use it. */
import type { ReactElement } from 'react';
import type { CallOutput } from '../../../../shared/api/contract';
import type { Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { ConfirmDeleteDialog, RunbooksBroken } from '../../app/ConfirmDeleteDialog';
import { countOf } from '../../app/countOf';

type Impact = CallOutput<'integrations.deletionImpact'>;

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
            <strong>{countOf(impact.configurations, 'configuration')}</strong>, with their stored credentials
          </li>
        )}
        {impact.methods > 0 && (
          <li>
            <strong>{countOf(impact.methods, 'method')}</strong>
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
  return (
    <ConfirmDeleteDialog
      title={`Delete ${integration.name}?`}
      deleteLabel="Delete integration"
      readImpact={() => api.call('integrations.deletionImpact', { id: integration.id })}
      describe={(impact) => (
        <>
          <ImpactList impact={impact} />
          <RunbooksBroken
            runbooks={impact.runbooks}
            what={['uses its methods', 'use its methods']}
            none="No runbook uses it."
          />
        </>
      )}
      remove={() => api.call('integrations.delete', { id: integration.id })}
      onCancel={onCancel}
      onDeleted={onDeleted}
    />
  );
}
