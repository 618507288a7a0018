/**
 * One method's editor, wherever it is open (its page, or the designer's method drawer): the name
 * with the caller's buttons, the last save's refusal or question, the request line, the Query /
 * Headers / Body / Outputs / Settings sections and the Test panel.
 */
import { useEffect, type ReactElement, type ReactNode } from 'react';
import { httpMethods, methodLimits, type HttpMethod } from '../../../../shared/domain/method';
import { typedCredentialsOf, type TypedCredential } from '../../../../shared/domain/typedCredentials';
import { lengthLimitNoteOf } from '../../app/lengthLimitNote';
import { namedMessage } from '../../app/refusalPlace';
import { methodPartName } from './methodFieldName';
import { useNoticeStore } from '../../app/noticeStore';
import type { ConfigurationView } from '../integrations/currentIntegrationStore';
import { BodyEditor } from './BodyEditor';
import { KeyValueTable } from './KeyValueTable';
import { MethodSections } from './MethodSections';
import { MethodSettings } from './MethodSettings';
import { OutputsEditor } from './OutputsEditor';
import { authFieldIdOf } from '../connection/authFieldId';
import { authorizationErrorsOf, outputRefusalOf, refusedAuthorizationPathOf } from './saveRefusal';
import { TestPanel } from './TestPanel';
import { TypedCredentialQuestion } from './TypedCredentialQuestion';
import type { MethodEditorState } from './useMethodEditor';

export function MethodEditorFields({
  editor,
  baseUrl,
  configurations,
  actions,
}: {
  editor: MethodEditorState;
  /** The integration's base URL as the request line shows it. */
  baseUrl: string;
  configurations: ConfigurationView[];
  /** Buttons beside the name (Save, …). */
  actions: ReactNode;
}): ReactElement {
  const { draft, update, error } = editor;
  const isCredentialQuestion = error?.field === 'confirmTypedCredential';
  const nameLimitNote = lengthLimitNoteOf('A method name', draft.name, methodLimits.nameMax);
  // Which part a refusal is about, when the message does not sit at that part's field.
  const partName = methodPartName(error?.field);
  // A refusal shown at its authorization setting is said there only, not again above the request line.
  const isShownAtSetting = refusedAuthorizationPathOf(error, draft) !== undefined;
  return (
    <>
      <div className="method-head">
        <label className="visually-hidden" htmlFor="method-name">
          Method name
        </label>
        <input
          id="method-name"
          className="title-input"
          placeholder="Method name, e.g. Create ticket"
          value={draft.name}
          maxLength={methodLimits.nameMax}
          aria-invalid={error?.field === 'definition.name' || nameLimitNote?.isTooLong === true}
          aria-describedby={nameLimitNote === undefined ? undefined : 'method-name-limit'}
          onChange={(event) => update({ name: event.target.value })}
        />
        {actions}
      </div>
      {/* Always there, empty below the limit, so a screen reader hears the note when it comes. */}
      <p id="method-name-limit" className="hint method-name-limit" aria-live="polite">
        {nameLimitNote?.text}
      </p>
      {error !== null && !isCredentialQuestion && !isShownAtSetting && (
        <p className="inline-error" role="alert">
          {namedMessage(partName, error.message)}
        </p>
      )}
      {error !== null && isCredentialQuestion && (
        <TypedCredentialQuestion
          message={error.message}
          onSaveAnyway={() => void editor.save(true)}
          onKeepEditing={editor.clearError}
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
        <RequestParts editor={editor} />
        <TestPanel
          integrationId={editor.integrationId}
          methodId={editor.methodId}
          definition={draft}
          configurations={configurations}
          onAddOutput={(output) => {
            update({ outputs: [...draft.outputs, output] });
            editor.setSection('outputs');
            useNoticeStore
              .getState()
              .show('success', `Added output variable ${output.name}; save the method to keep it`);
          }}
        />
      </div>
    </>
  );
}

/** The request's parts, one section at a time, under the tabs of MethodSections. */
function RequestParts({ editor }: { editor: MethodEditorState }): ReactElement {
  const { draft, update, section, error } = editor;
  const refusedSetting = refusedAuthorizationPathOf(error, draft);
  // The keyboard goes to the setting a save was refused at, which scrolls it into view.
  useEffect(() => {
    if (refusedSetting !== undefined) document.getElementById(authFieldIdOf(refusedSetting))?.focus();
  }, [error, refusedSetting]);
  const flagged = error?.field === 'confirmTypedCredential' ? typedCredentialsOf(draft) : [];
  const flaggedIn = (location: TypedCredential['location']) =>
    new Set(flagged.filter((credential) => credential.location === location).map((item) => item.index));
  return (
    <MethodSections section={section} outputCount={draft.outputs.length} onChoose={editor.setSection}>
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
          refusal={outputRefusalOf(error)}
          onChange={(outputs) => update({ outputs })}
        />
      )}
      {section === 'settings' && (
        <MethodSettings
          draft={draft}
          authorizationErrors={authorizationErrorsOf(error, draft)}
          onChange={update}
        />
      )}
    </MethodSections>
  );
}
