/**
 * The method editor over the designer (HaloPSA's way): a new method for an integration, or the
 * step's method, edited with the method page's own fields and Test panel, without leaving the
 * runbook. Closing with unsaved method edits asks first (the app's own question, over the
 * drawer); the runbook's draft is not touched.
 */
import { useState, type ReactElement } from 'react';
import type { MethodDefinition } from '../../../../../shared/domain/method';
import { useCall } from '../../../api/resources';
import { Dialog } from '../../../app/Dialog';
import { DiscardChangesDialog } from '../../../app/UnsavedEditsDialog';
import { MethodEditorFields } from '../../methods/MethodEditorFields';
import { newMethodDefinition, useMethodEditor, type SavedMethod } from '../../methods/useMethodEditor';

/** The method the drawer edits, or null for a new one. */
export interface MethodToEdit {
  id: string;
  integrationId: string;
  definition: MethodDefinition;
}

const everyIntegration = { search: '', category: '' };

export function MethodDrawer({
  method,
  integrationId: firstIntegrationId,
  onSaved,
  onClose,
}: {
  method: MethodToEdit | null;
  /** The integration a new method goes to unless another is chosen ('' for none yet). */
  integrationId: string;
  onSaved: (saved: SavedMethod) => void;
  onClose: () => void;
}): ReactElement {
  const integrations = useCall('integrations.list', everyIntegration).data?.items ?? [];
  const [chosenIntegrationId, setChosenIntegrationId] = useState(firstIntegrationId);
  const integrationId = method?.integrationId ?? (chosenIntegrationId || (integrations[0]?.id ?? ''));
  const hasIntegration = integrationId !== '';
  const definition = useCall('integrations.definition', { id: integrationId }, { isEnabled: hasIntegration });
  const configurations = useCall('configurations.list', { integrationId }, { isEnabled: hasIntegration });
  const [isAskingToDiscard, setIsAskingToDiscard] = useState(false);
  const editor = useMethodEditor({
    integrationId,
    methodId: method?.id ?? null,
    initial: method?.definition ?? newMethodDefinition(),
    onSaved,
  });
  const fixedUrl = definition.data?.baseUrlMode === 'fixed' ? definition.data.baseUrl : null;
  const close = () => {
    if (editor.isDirty) setIsAskingToDiscard(true);
    else onClose();
  };

  return (
    <>
      <Dialog
        title={method === null ? 'New method' : `Edit method · ${method.definition.name}`}
        className="method-drawer"
        onClose={close}
        actions={
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        }
      >
        {method === null && (
          <label className="inline-label drawer-integration">
            Integration
            <select
              value={integrationId}
              onChange={(event) => setChosenIntegrationId(event.target.value)}
              disabled={integrations.length === 0}
            >
              {integrations.length === 0 && <option value="">Create an integration first</option>}
              {integrations.map((integration) => (
                <option key={integration.id} value={integration.id}>
                  {integration.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <MethodEditorFields
          editor={editor}
          baseUrl={fixedUrl ?? '(configuration’s URL)'}
          configurations={configurations.data ?? []}
          actions={
            <button
              type="button"
              className="button button-primary"
              onClick={() => void editor.save()}
              disabled={!hasIntegration}
              aria-disabled={editor.isSaving}
              title="Save (Ctrl+S); the step then uses this method"
            >
              {editor.isSaving ? 'Saving…' : 'Save method'}
            </button>
          }
        />
      </Dialog>
      {isAskingToDiscard && (
        <DiscardChangesDialog
          message="This method has unsaved changes. Close without saving them?"
          onKeepEditing={() => setIsAskingToDiscard(false)}
          onDiscard={onClose}
        />
      )}
    </>
  );
}
