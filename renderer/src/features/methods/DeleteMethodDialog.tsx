/** Confirms deleting a method, naming the runbooks whose steps use it. */
import type { ReactElement } from 'react';
import { api } from '../../api/client';
import { ConfirmDeleteDialog, RunbooksBroken } from '../../app/ConfirmDeleteDialog';

export function DeleteMethodDialog({
  method,
  onCancel,
  onDeleted,
}: {
  method: { id: string; name: string };
  onCancel: () => void;
  onDeleted: () => void;
}): ReactElement {
  return (
    <ConfirmDeleteDialog
      title={`Delete ${method.name}?`}
      deleteLabel="Delete method"
      readImpact={() => api.call('methods.deletionImpact', { id: method.id })}
      describe={(impact) => (
        <RunbooksBroken runbooks={impact.runbooks} what={['uses it', 'use it']} none="No runbook uses it." />
      )}
      remove={() => api.call('methods.delete', { id: method.id })}
      onCancel={onCancel}
      onDeleted={onDeleted}
    />
  );
}
