/** Edits one method (PRODUCT.md §3) beside its Test panel. Ctrl/Cmd+S saves. */
import { useState, type ReactElement } from 'react';
import type { MethodDefinition } from '../../../../shared/domain/method';
import { methodToCurl } from '../../../../shared/io/methodToCurl';
import { refocusWhenLost } from '../../app/focusReturn';
import { Icon } from '../../app/icons';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { useOpenIntegration } from '../integrations/currentIntegrationStore';
import { MethodEditorFields } from './MethodEditorFields';
import { newMethodDefinition, useMethodEditor } from './useMethodEditor';

/**
 * Which editor the page shows: another method (or another new one) gets a fresh editor, but a new
 * method's first save keeps its editor, so the Test panel's result and variables stay in view.
 */
interface ShownEditor {
  methodId: string | null;
  key: number;
  /** The id a new method was just saved as: the address that follows keeps this editor. */
  savedAs: string | null;
}

/** Keyed by integration in the app frame: the editor below is keyed by the method shown. */
export function MethodEditorPage({ id, methodId }: { id: string; methodId: string | null }): ReactElement {
  const [shown, setShown] = useState<ShownEditor>({ methodId, key: 0, savedAs: null });
  if (shown.methodId !== methodId) {
    const isFirstSave = shown.methodId === null && shown.savedAs !== null && shown.savedAs === methodId;
    setShown({ methodId, key: isFirstSave ? shown.key : shown.key + 1, savedAs: null });
  }
  const open = useOpenIntegration();
  const integrationName = open.integration?.id === id ? open.integration.name : null;
  const stored = open.methods.find((method) => method.id === methodId);
  const initial = methodId === null ? newMethodDefinition() : stored?.definition;
  if (integrationName === null || initial === undefined) {
    return (
      <section className="page" aria-busy="true">
        <BackToMethods id={id} name={integrationName} />
      </section>
    );
  }
  return (
    <MethodEditor
      key={shown.key}
      id={id}
      methodId={methodId}
      initial={initial}
      savedName={stored?.definition.name ?? ''}
      onFirstSave={(savedId) => setShown((current) => ({ ...current, savedAs: savedId }))}
    />
  );
}

function BackToMethods({ id, name }: { id: string; name: string | null }): ReactElement {
  return (
    <button
      type="button"
      className="link-button"
      onClick={() => navigate({ area: 'integrations', view: 'details', id, tab: 'methods' })}
    >
      <Icon name="back" /> {name ?? 'Integration'} · Methods
    </button>
  );
}

function MethodEditor({
  id,
  methodId,
  initial,
  savedName,
  onFirstSave,
}: {
  id: string;
  methodId: string | null;
  initial: MethodDefinition;
  /** The name as stored, for the page's heading (the field below edits it). */
  savedName: string;
  /** A new method was saved as `savedId`: its page keeps this editor. */
  onFirstSave: (savedId: string) => void;
}): ReactElement {
  const { integration, configurations, definition } = useOpenIntegration();
  const baseUrl = definition?.baseUrlMode === 'fixed' ? definition.baseUrl : '(configuration’s URL)';
  const editor = useMethodEditor({
    integrationId: id,
    methodId,
    initial,
    // A new method's page becomes the page of the method it is now, with the same editor (draft,
    // Test result, variables); the keyboard stays on Save.
    onSaved: (saved) => {
      if (methodId !== null) return;
      const before = document.getElementById('method-save');
      refocusWhenLost(() => {
        const after = document.getElementById('method-save');
        return after === before ? null : after;
      });
      onFirstSave(saved.id);
      navigate({ area: 'integrations', view: 'method', id, methodId: saved.id }, { afterSave: true });
    },
  });
  return (
    <section className="page page-wide">
      <BackToMethods id={id} name={integration?.name ?? null} />
      {/* For screen readers and the page's outline: on screen the name field below is the title
          (shown as well, the name stood twice, one above the other). */}
      <h1 className="visually-hidden">{methodId === null || savedName === '' ? 'New method' : savedName}</h1>
      <MethodEditorFields
        editor={editor}
        baseUrl={baseUrl}
        configurations={configurations}
        actions={
          <>
            <button
              type="button"
              className="button"
              title="Copy this method as a cURL command, with its {{variables}}"
              onClick={() => {
                void navigator.clipboard.writeText(methodToCurl(editor.draft, baseUrl));
                useNoticeStore.getState().show('success', 'Copied as cURL');
              }}
            >
              Copy as cURL
            </button>
            {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page. */}
            <button
              id="method-save"
              type="button"
              className="button button-primary"
              aria-disabled={editor.isSaving}
              onClick={() => void editor.save()}
              title="Save (Ctrl+S)"
            >
              {editor.isSaving ? 'Saving…' : 'Save method'}
            </button>
          </>
        }
      />
    </section>
  );
}
