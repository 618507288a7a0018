/** Imports an integration file: pick it, see what will be created or matched, confirm. */
import { useState, type ReactElement } from 'react';
import type { IntegrationImportPlan } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { ImportFileDialog } from '../../app/ImportFileDialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { readImportFile } from '../../app/readImportFile';
import { navigate } from '../../app/route';

const methodAction = {
  create: 'will be added',
  match: 'already here',
  matchDiffers: 'already here (differs; yours is kept)',
};

export function ImportIntegrationDialog({ onClose }: { onClose: () => void }): ReactElement {
  const [content, setContent] = useState<string | null>(null);
  const [plan, setPlan] = useState<IntegrationImportPlan | null>(null);
  const [error, setError] = useState<string | null>(null);

  const choose = async (file: File) => {
    setError(null);
    setPlan(null);
    setContent(null);
    try {
      const text = await readImportFile(file);
      setContent(text);
      setPlan(await api.call('integrations.previewImport', { content: text }));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const confirm = async () => {
    if (content === null) return;
    try {
      const { integrationId, plan: done } = await api.call('integrations.import', { content });
      useNoticeStore.getState().show('success', `Imported “${done.name}”`);
      onClose();
      navigate({ area: 'integrations', view: 'details', id: integrationId, tab: 'overview' });
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return (
    <ImportFileDialog
      title="Import an integration"
      fileLabel="Integration file (.integration.json)"
      error={error}
      canImport={plan !== null}
      onFile={(file) => void choose(file)}
      onImport={() => void confirm()}
      onClose={onClose}
    >
      {plan !== null && (
        <div className="import-plan">
          <p>
            <strong>{plan.name}</strong> —{' '}
            {plan.action === 'create'
              ? 'will be created, without credentials'
              : 'already here; missing methods are added'}
          </p>
          <ul>
            {plan.methods.map((method) => (
              <li key={method.name}>
                {method.name} — {methodAction[method.action]}
              </li>
            ))}
          </ul>
          {plan.notes.length > 0 && (
            <ul className="import-notes">
              {plan.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
          <p className="hint">Nothing changes until you press Import.</p>
        </div>
      )}
    </ImportFileDialog>
  );
}
