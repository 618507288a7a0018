/**
 * Imports a runbook file: pick the file, see what will be created or matched, choose copy or
 * replace when the name is taken, confirm. Nothing changes before the confirmation; a refused
 * file says why, here, and changes nothing.
 */
import { useState, type ReactElement } from 'react';
import type { ImportPlan } from '../../../../shared/domain/runbook';
import { AnswerLostError, api } from '../../api/client';
import { ImportFileDialog } from '../../app/ImportFileDialog';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { readImportFile } from '../../app/readImportFile';
import { navigate } from '../../app/route';

type Mode = 'copy' | 'replaceDraft';

const methodAction = {
  create: 'will be created',
  match: 'already here',
  matchDiffers: 'already here (differs; yours is kept)',
};

/** The id of the runbook named `name`, if there is one (the copy an import makes, its name free before). */
async function importedCopyOf(name: string): Promise<string | undefined> {
  const key = name.trim().toLocaleLowerCase('en');
  const { items } = await api.call('runbooks.list', { search: name });
  return items.find((runbook) => runbook.name.trim().toLocaleLowerCase('en') === key)?.id;
}

export function ImportRunbookDialog({ onClose }: { onClose: () => void }): ReactElement {
  const [content, setContent] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [mode, setMode] = useState<Mode>('copy');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  /** An import's answer was lost and whether it was applied is not known yet: Import looks first. */
  const [isUnsure, setIsUnsure] = useState(false);

  const preview = async (text: string, nextMode: Mode) => {
    setError(null);
    setPlan(null);
    try {
      setPlan(await api.call('runbooks.previewImport', { content: text, mode: nextMode }));
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const choose = async (file: File) => {
    setFileName(file.name);
    let text: string;
    try {
      text = await readImportFile(file);
    } catch (caught) {
      setContent(null);
      setPlan(null);
      setError(messageOf(caught));
      return;
    }
    setContent(text);
    await preview(text, mode);
  };
  const finish = (runbookId: string, name: string) => {
    useNoticeStore.getState().show('success', `Imported “${name}”`);
    onClose();
    navigate({ area: 'runbooks', runbookId });
  };
  /**
   * After an import whose answer was lost: the copy it makes, if it is here now, is opened as if
   * the answer had come; else the dialog says whether importing again is safe. A draft replaced
   * again is the same draft, so that mode never needs to look.
   */
  const settleLostImport = async (name: string) => {
    if (mode === 'replaceDraft') {
      setError(
        `The app did not answer, so the draft of “${name}” may or may not have been replaced. ` +
          'Importing again is safe: it replaces the draft again.',
      );
      return;
    }
    try {
      const imported = await importedCopyOf(name);
      setIsUnsure(false);
      if (imported !== undefined) finish(imported, name);
      else
        setError(
          `The app did not answer, and “${name}” is not here: it was not imported. Press Import to try again.`,
        );
    } catch {
      setIsUnsure(true);
      setError(
        `The app does not answer, so whether “${name}” was imported is not known. Press Import once it ` +
          `is back: it looks for “${name}” first, so it is not imported twice.`,
      );
    }
  };
  const confirm = async () => {
    if (content === null || plan === null) return;
    const name = plan.runbook.finalName;
    setIsBusy(true);
    setError(null);
    try {
      const imported = isUnsure && mode === 'copy' ? await importedCopyOf(name) : undefined;
      setIsUnsure(false);
      if (imported !== undefined) return finish(imported, name);
      const { runbookId, plan: done } = await api.call('runbooks.import', { content, mode });
      finish(runbookId, done.runbook.finalName);
    } catch (caught) {
      if (caught instanceof AnswerLostError) await settleLostImport(name);
      else setError(messageOf(caught));
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <ImportFileDialog
      title="Import a runbook"
      fileLabel="Runbook file (.runbook.json)"
      error={error}
      canImport={plan !== null && !isBusy}
      onFile={(file) => void choose(file)}
      onImport={() => void confirm()}
      onClose={onClose}
    >
      {plan !== null && (
        <div className="import-plan" aria-label={`What importing ${fileName} will do`}>
          <h3>Runbook</h3>
          {plan.runbook.action === 'create' ? (
            <p>“{plan.runbook.name}” will be created.</p>
          ) : (
            <fieldset>
              <legend>A runbook named “{plan.runbook.name}” already exists.</legend>
              <label className="checkbox">
                <input
                  type="radio"
                  name="import-mode"
                  checked={mode === 'copy'}
                  onChange={() => {
                    setMode('copy');
                    if (content !== null) void preview(content, 'copy');
                  }}
                />
                Import as a copy{mode === 'copy' ? ` named “${plan.runbook.finalName}”` : ''}
              </label>
              <label className="checkbox">
                <input
                  type="radio"
                  name="import-mode"
                  checked={mode === 'replaceDraft'}
                  onChange={() => {
                    setMode('replaceDraft');
                    if (content !== null) void preview(content, 'replaceDraft');
                  }}
                />
                Replace its draft (its versions and runs stay)
              </label>
            </fieldset>
          )}
          {plan.runbooks.length > 0 && (
            <>
              <h3>Runbooks it runs</h3>
              <ul>
                {plan.runbooks.map((runbook) => (
                  <li key={runbook.name}>
                    {runbook.name} —{' '}
                    {runbook.action === 'create' ? 'will be created' : 'already here; yours is used'}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Integrations and methods</h3>
          <ul>
            {plan.integrations.map((integration) => (
              <li key={integration.name}>
                <strong>{integration.name}</strong> —{' '}
                {integration.action === 'create' ? 'will be created, without credentials' : 'already here'}
                <ul>
                  {integration.methods.map((method) => (
                    <li key={method.name}>
                      {method.name} — {methodAction[method.action]}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
          {plan.notes.length > 0 && (
            <>
              <h3>Before it runs</h3>
              <ul className="import-notes">
                {plan.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </>
          )}
          <p className="hint">
            Nothing changes until you press Import. Secrets are never in a file: add your own.
          </p>
        </div>
      )}
    </ImportFileDialog>
  );
}
