/** Paste a cURL command: it becomes a new method, opened in the editor to name and test. */
import { useState, type ReactElement } from 'react';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import {
  refreshIntegrationLists,
  showSavedDefinition,
  useOpenIntegration,
} from '../integrations/currentIntegrationStore';

export function PasteCurlDialog({
  integrationId,
  onClose,
}: {
  integrationId: string;
  onClose: () => void;
}): ReactElement {
  const { definition: integrationDefinition } = useOpenIntegration();
  const [command, setCommand] = useState('');
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    try {
      const { definition, baseUrl } = await api.call('methods.parseCurl', { command });
      const [created] = (await api.call('methods.importMany', { integrationId, definitions: [definition] }))
        .created;
      const current = integrationDefinition;
      if (current !== null && current.baseUrlMode === 'fixed' && current.baseUrl === '') {
        showSavedDefinition(
          integrationId,
          await api.call('integrations.updateDefinition', {
            id: integrationId,
            definition: { ...current, baseUrl },
          }),
        );
      }
      await refreshIntegrationLists();
      useNoticeStore.getState().show('success', 'Method created from cURL');
      onClose();
      if (created !== undefined)
        navigate({ area: 'integrations', view: 'method', id: integrationId, methodId: created.id });
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <Dialog
      title="New method from cURL"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={command.trim() === ''}
            onClick={() => void create()}
          >
            Create method
          </button>
        </>
      }
    >
      <label className="inline-label">
        cURL command
        <textarea
          className="mono"
          rows={8}
          placeholder={
            "curl -X POST https://api.example.com/v1/tickets -H 'Content-Type: application/json' -d '{…}'"
          }
          value={command}
          onChange={(event) => setCommand(event.target.value)}
        />
      </label>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
