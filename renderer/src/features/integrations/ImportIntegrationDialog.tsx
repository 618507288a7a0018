/** Imports an integration file: pick it, see what will be created or matched, confirm. */
import { useState, type ReactElement } from 'react';
import type { IntegrationImportPlan } from '../../../../shared/domain/integration';
import { AnswerLostError, api } from '../../api/client';
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

/**
 * The integration named as the plan's, once it has every method the plan names (an import adds
 * them all or none), or undefined.
 */
async function importedIntegrationOf(plan: IntegrationImportPlan): Promise<string | undefined> {
  const key = plan.name.trim().toLocaleLowerCase('en');
  const { items } = await api.call('integrations.list', { search: plan.name });
  const found = items.find((integration) => integration.name.trim().toLocaleLowerCase('en') === key);
  if (found === undefined) return undefined;
  const here = new Set(
    (await api.call('methods.list', { integrationId: found.id })).map((method) => method.definition.name),
  );
  return plan.methods.every((method) => here.has(method.name)) ? found.id : undefined;
}

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
  const finish = (integrationId: string, name: string) => {
    useNoticeStore.getState().show('success', `Imported “${name}”`);
    onClose();
    navigate({ area: 'integrations', view: 'details', id: integrationId, tab: 'overview' });
  };
  /**
   * After an import whose answer was lost: the integration, if it is here now with the file's
   * methods, is opened as if the answer had come; else the dialog says so. Importing again is
   * safe either way: it matches the integration by name and adds only the methods missing.
   */
  const settleLostImport = async (lost: IntegrationImportPlan) => {
    try {
      const imported = await importedIntegrationOf(lost);
      if (imported !== undefined) finish(imported, lost.name);
      else
        setError(
          `The app did not answer, and “${lost.name}” is not here with its methods: it was not imported. Press Import to try again.`,
        );
    } catch {
      setError(
        `The app does not answer, so whether “${lost.name}” was imported is not known. Press Import once it ` +
          'is back: importing again is safe, as it matches the integration by name and adds only the methods missing.',
      );
    }
  };
  const confirm = async () => {
    if (content === null || plan === null) return;
    setError(null);
    try {
      const { integrationId, plan: done } = await api.call('integrations.import', { content });
      finish(integrationId, done.name);
    } catch (caught) {
      if (caught instanceof AnswerLostError) await settleLostImport(plan);
      else setError(messageOf(caught));
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
