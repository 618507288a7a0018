/**
 * The state of one method being edited — its draft, the open section, the last save's refusal —
 * and saving it, shared by the method editor page and the method drawer of the runbook designer,
 * so both refuse, ask and save alike. Ctrl/Cmd+S saves.
 */
import { useEffect, useState } from 'react';
import { AppError } from '../../../../shared/api/appError';
import type { CallOutput } from '../../../../shared/api/contract';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { methodDefinitionSchema } from '../../../../shared/domain/method';
import { api } from '../../api/client';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import { refreshIntegrationLists } from '../integrations/currentIntegrationStore';
import { sectionOfField, type Section } from './saveRefusal';

/** A method as a save answers it. */
export type SavedMethod = CallOutput<'methods.create'>;

/** Everything the editor's fields read and change. */
export interface MethodEditorState {
  integrationId: string;
  methodId: string | null;
  draft: MethodDefinition;
  /** Changes the draft; a refusal or question about the last save goes with the edit. */
  update(patch: Partial<MethodDefinition>): void;
  section: Section;
  setSection(section: Section): void;
  /** Why the last save was refused (`field` names the part at fault), or null. */
  error: { field: string; message: string } | null;
  clearError(): void;
  /**
   * Saves; `confirmTypedCredential` answers the question about a credential typed into a value.
   * Does nothing while a save is on its way (a double click, Ctrl+S again).
   */
  save(confirmTypedCredential?: boolean): Promise<void>;
  /** Whether a save is on its way: the Save button says so. */
  isSaving: boolean;
  /** Whether the draft differs from what was opened or last saved. */
  isDirty: boolean;
}

/** A new method's definition: the schema's defaults, and an empty name for the user to fill in. */
export function newMethodDefinition(): MethodDefinition {
  return { ...methodDefinitionSchema.parse({ name: 'new', httpMethod: 'GET', path: '/' }), name: '' };
}

export function useMethodEditor({
  integrationId,
  methodId,
  initial,
  onSaved,
}: {
  integrationId: string;
  methodId: string | null;
  initial: MethodDefinition;
  /** Called after a save, once the window's method lists show it. */
  onSaved?: (saved: SavedMethod) => void;
}): MethodEditorState {
  const [draft, setDraft] = useState<MethodDefinition>(initial);
  const [baseline, setBaseline] = useState<MethodDefinition>(initial);
  const [section, setSection] = useState<Section>('query');
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const save = async (confirmTypedCredential = false) => {
    // A second save would create the method twice, or be refused as a name already taken.
    if (isSaving) return;
    setIsSaving(true);
    try {
      const saved =
        methodId === null
          ? await api.call('methods.create', { integrationId, definition: draft, confirmTypedCredential })
          : await api.call('methods.update', { id: methodId, definition: draft, confirmTypedCredential });
      await refreshIntegrationLists();
      setBaseline(draft);
      setError(null);
      useNoticeStore.getState().show('success', `Saved ${draft.name}`);
      onSaved?.(saved);
    } catch (caught) {
      const field = caught instanceof AppError ? (caught.field ?? '') : '';
      setError({ field, message: messageOf(caught) });
      const place = sectionOfField(field, draft);
      if (place !== undefined) setSection(place);
    } finally {
      setIsSaving(false);
    }
  };

  // Added again after each render, so the listener saves the draft as it is now.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        event.stopPropagation();
        void save();
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  });

  const isDirty = JSON.stringify(draft) !== JSON.stringify(baseline);
  // Leaving the page (or the designer under the drawer) with unsaved method edits asks first.
  useUnsavedEditsGuard(isDirty);

  return {
    integrationId,
    methodId,
    draft,
    update: (patch) => {
      setDraft((current) => ({ ...current, ...patch }));
      setError(null);
    },
    section,
    setSection,
    error,
    clearError: () => setError(null),
    save,
    isSaving,
    isDirty,
  };
}
