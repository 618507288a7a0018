/** Confirms deleting a runbook: its runs go with it, and the runbooks that run it stop working. */
import type { ReactElement } from 'react';
import { api } from '../../api/client';
import { ConfirmDeleteDialog, RunbooksBroken } from '../../app/ConfirmDeleteDialog';

export function DeleteRunbookDialog({
  runbook,
  onCancel,
  onDeleted,
}: {
  runbook: { id: string; name: string };
  onCancel: () => void;
  onDeleted: () => void;
}): ReactElement {
  return (
    <ConfirmDeleteDialog
      title={`Delete ${runbook.name}?`}
      deleteLabel="Delete runbook"
      readImpact={() => api.call('runbooks.deletionImpact', { id: runbook.id })}
      describe={(impact) => (
        <>
          <p>
            {impact.runs === 0
              ? 'It has not run yet, so no run history goes with it.'
              : impact.runs === 1
                ? 'Its 1 run and its records are deleted with it, with its versions, webhook and schedule.'
                : `Its ${impact.runs.toLocaleString()} runs and their records are deleted with it, with its versions, webhook and schedule.`}
          </p>
          <RunbooksBroken
            runbooks={impact.runbooks}
            what={['runs it as a step', 'run it as a step']}
            none="No other runbook runs it."
          />
        </>
      )}
      remove={() => api.call('runbooks.delete', { id: runbook.id })}
      onCancel={onCancel}
      onDeleted={onDeleted}
    />
  );
}
