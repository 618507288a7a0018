/** Edits one method (PRODUCT.md §3) beside its Test panel. Ctrl/Cmd+S saves. */
import { useEffect, useState, type ReactElement } from 'react';
import { AppError } from '../../../../shared/api/appError';
import {
  httpMethods,
  methodDefinitionSchema,
  type HttpMethod,
  type MethodDefinition,
} from '../../../../shared/domain/method';
import { typedCredentialsOf, type TypedCredential } from '../../../../shared/domain/typedCredentials';
import { methodToCurl } from '../../../../shared/io/methodToCurl';
import { api } from '../../api/client';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { refocusWhenLost } from '../../app/focusReturn';
import { useNoticeStore } from '../../app/noticeStore';
import { navigate } from '../../app/route';
import { refreshIntegrationLists, useOpenIntegration } from '../integrations/currentIntegrationStore';
import { BodyEditor } from './BodyEditor';
import { KeyValueTable } from './KeyValueTable';
import { MethodSections } from './MethodSections';
import { MethodSettings } from './MethodSettings';
import { OutputsEditor } from './OutputsEditor';
import { TestPanel } from './TestPanel';
import { outputRefusalOf, sectionOfField, type Section } from './saveRefusal';
import { TypedCredentialQuestion } from './TypedCredentialQuestion';

// Defaults come from the schema; the name starts empty for the user to fill in.
const newMethod = (): MethodDefinition => ({
  ...methodDefinitionSchema.parse({ name: 'new', httpMethod: 'GET', path: '/' }),
  name: '',
});

export function MethodEditorPage({ id, methodId }: { id: string; methodId: string | null }): ReactElement {
  const open = useOpenIntegration();
  const integrationName = open.integration?.id === id ? open.integration.name : null;
  const stored = open.methods.find((method) => method.id === methodId);
  const initial = methodId === null ? newMethod() : stored?.definition;
  if (integrationName === null || initial === undefined) {
    return (
      <section className="page" aria-busy="true">
        <BackToMethods id={id} name={integrationName} />
      </section>
    );
  }
  return (
    <MethodEditor id={id} methodId={methodId} initial={initial} savedName={stored?.definition.name ?? ''} />
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
}: {
  id: string;
  methodId: string | null;
  initial: MethodDefinition;
  /** The name as stored, for the page's heading (the field below edits it). */
  savedName: string;
}): ReactElement {
  const { integration, configurations, definition } = useOpenIntegration();
  const baseUrl = definition?.baseUrlMode === 'fixed' ? definition.baseUrl : '(configuration’s URL)';
  const [draft, setDraft] = useState<MethodDefinition>(initial);
  const [section, setSection] = useState<Section>('query');
  const [error, setError] = useState<{ field: string; message: string } | null>(null);

  const save = async (confirmTypedCredential = false) => {
    try {
      if (methodId === null) {
        const created = await api.call('methods.create', {
          integrationId: id,
          definition: draft,
          confirmTypedCredential,
        });
        await refreshIntegrationLists();
        // The saved method opens as its own page: the keyboard stays on its Save button.
        const before = document.getElementById('method-save');
        refocusWhenLost(() => {
          const after = document.getElementById('method-save');
          return after === before ? null : after;
        });
        navigate({ area: 'integrations', view: 'method', id, methodId: created.id });
      } else {
        await api.call('methods.update', { id: methodId, definition: draft, confirmTypedCredential });
        await refreshIntegrationLists();
      }
      setError(null);
      useNoticeStore.getState().show('success', `Saved ${draft.name}`);
    } catch (caught) {
      const field = caught instanceof AppError ? (caught.field ?? '') : '';
      setError({ field, message: messageOf(caught) });
      const place = sectionOfField(field, draft);
      if (place !== undefined) setSection(place);
    }
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  const back = (
    <button
      type="button"
      className="link-button"
      onClick={() => navigate({ area: 'integrations', view: 'details', id, tab: 'methods' })}
    >
      <Icon name="back" /> {integration?.name ?? 'Integration'} · Methods
    </button>
  );
  if (draft === null) {
    return (
      <section className="page" aria-busy="true">
        {back}
      </section>
    );
  }
  const update = (patch: Partial<MethodDefinition>) => {
    setDraft({ ...draft, ...patch });
    // A refusal or a question about the last save is answered by editing: it goes.
    setError(null);
  };
  const outputRefusal = outputRefusalOf(error);
  const isCredentialQuestion = error?.field === 'confirmTypedCredential';
  const flagged = isCredentialQuestion ? typedCredentialsOf(draft) : [];
  const flaggedIn = (location: TypedCredential['location']) =>
    new Set(flagged.filter((credential) => credential.location === location).map((item) => item.index));

  return (
    <section className="page page-wide">
      {back}
      <h1 className="method-title">{methodId === null || savedName === '' ? 'New method' : savedName}</h1>
      <div className="method-head">
        <label className="visually-hidden" htmlFor="method-name">
          Method name
        </label>
        <input
          id="method-name"
          className="title-input"
          placeholder="Method name, e.g. Create ticket"
          value={draft.name}
          aria-invalid={error?.field === 'definition.name'}
          onChange={(event) => update({ name: event.target.value })}
        />
        <button
          type="button"
          className="button"
          title="Copy this method as a cURL command, with its {{variables}}"
          onClick={() => {
            void navigator.clipboard.writeText(methodToCurl(draft, baseUrl));
            useNoticeStore.getState().show('success', 'Copied as cURL');
          }}
        >
          Copy as cURL
        </button>
        <button
          id="method-save"
          type="button"
          className="button button-primary"
          onClick={() => void save()}
          title="Save (Ctrl+S)"
        >
          Save method
        </button>
      </div>
      {error !== null && !isCredentialQuestion && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      {error !== null && isCredentialQuestion && (
        <TypedCredentialQuestion
          message={error.message}
          onSaveAnyway={() => void save(true)}
          onKeepEditing={() => setError(null)}
        />
      )}
      <div className="request-line">
        <label className="visually-hidden" htmlFor="method-verb">
          HTTP method
        </label>
        <select
          id="method-verb"
          value={draft.httpMethod}
          onChange={(event) => update({ httpMethod: event.target.value as HttpMethod })}
        >
          {httpMethods.map((verb) => (
            <option key={verb}>{verb}</option>
          ))}
        </select>
        <span className="base-url mono" title="Base URL">
          {baseUrl}
        </span>
        <label className="visually-hidden" htmlFor="method-path">
          Endpoint path
        </label>
        <input
          id="method-path"
          className="mono"
          placeholder="/tickets/{id}"
          value={draft.path}
          onChange={(event) => update({ path: event.target.value })}
        />
      </div>
      <div className="method-grid">
        <MethodSections section={section} outputCount={draft.outputs.length} onChoose={setSection}>
          {section === 'query' && (
            <KeyValueTable
              label="Parameter"
              rows={draft.query}
              flaggedRows={flaggedIn('query')}
              onChange={(query) => update({ query })}
            />
          )}
          {section === 'headers' && (
            <KeyValueTable
              label="Header"
              rows={draft.headers}
              flaggedRows={flaggedIn('header')}
              onChange={(headers) => update({ headers })}
            />
          )}
          {section === 'body' && <BodyEditor body={draft.body} onChange={(body) => update({ body })} />}
          {section === 'outputs' && (
            <OutputsEditor
              outputs={draft.outputs}
              refusal={outputRefusal}
              onChange={(outputs) => update({ outputs })}
            />
          )}
          {section === 'settings' && <MethodSettings draft={draft} onChange={update} />}
        </MethodSections>
        <TestPanel
          integrationId={id}
          methodId={methodId}
          definition={draft}
          configurations={configurations}
          onAddOutput={(output) => {
            update({ outputs: [...draft.outputs, output] });
            setSection('outputs');
            useNoticeStore
              .getState()
              .show('success', `Added output variable ${output.name}; save the method to keep it`);
          }}
        />
      </div>
    </section>
  );
}
