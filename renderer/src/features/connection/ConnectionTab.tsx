/** How the integration connects (PRODUCT.md §1): protocol, base URL, authorization, behaviour, prefix. */
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import type { IntegrationDefinition } from '../../../../shared/domain/integrationDefinition';
import { api } from '../../api/client';
import { useNoticeStore } from '../../app/noticeStore';
import { placeRefusal } from '../../app/refusalPlace';
import { shortcutLabel } from '../../app/shortcutLabel';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import { showSavedDefinition, useOpenIntegration } from '../integrations/currentIntegrationStore';
import { useEditorShortcuts } from '../integrations/useEditorShortcuts';
import { AuthSettingsFields } from './AuthSettingsFields';
import { BaseUrlField } from './BaseUrlField';
import { BehaviourFields } from './BehaviourFields';
import { BaseUrlModeChoice, PrefixAndClientsFields, ProtocolChoice } from './ConnectionChoices';
import { connectionFieldsShown, connectionPartNames } from './connectionRefusal';
import { CustomFieldsEditor } from './CustomFieldsEditor';
import { RateLimitsFields } from './RateLimitsFields';
import { rateLimitProblems } from './rateLimitProblems';

export type DefinitionErrors = Record<string, string>;

export function ConnectionTab(): ReactElement | null {
  const { definition: saved, id } = useOpenIntegration();
  const [draft, setDraft] = useState<IntegrationDefinition | null>(saved);
  /** undefined: keep the stored proxy password; null: clear it; a string: the new one. */
  const [proxyPassword, setProxyPassword] = useState<string | null | undefined>(undefined);
  const [errors, setErrors] = useState<DefinitionErrors>({});
  const [isSaving, setIsSaving] = useState(false);
  /** Saves refused at a field so far: each takes the keyboard to the field, which scrolls it into view. */
  const [fieldRefusals, setFieldRefusals] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEditorShortcuts(formRef);
  useEffect(() => {
    if (fieldRefusals === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [fieldRefusals]);
  useUnsavedEditsGuard(proxyPassword !== undefined || JSON.stringify(draft) !== JSON.stringify(saved));
  if (draft === null || id === null) return null;

  const update = (patch: Partial<IntegrationDefinition>) => {
    setDraft({ ...draft, ...patch });
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    // Each refused limit already says why at its field; nothing is sent until they are put right.
    if (Object.keys(rateLimitProblems(draft.behaviour.rateLimits)).length > 0) {
      setErrors({ form: 'Some rate limits are not valid: see the fields marked below.' });
      return;
    }
    setIsSaving(true);
    try {
      const stored = await api.call('integrations.updateDefinition', {
        id,
        definition: draft,
        ...(proxyPassword === undefined ? {} : { proxyPassword }),
      });
      showSavedDefinition(id, stored);
      setDraft(stored);
      setProxyPassword(undefined);
      useNoticeStore.getState().show('success', 'Connection saved');
    } catch (error) {
      // At the field it names when the form shows one there; else above the form, naming the part.
      const shown = connectionFieldsShown(draft);
      const placed = placeRefusal(error, {
        prefix: 'definition.',
        isShownAt: (field) => shown.has(field),
        names: connectionPartNames,
      });
      setErrors({ [placed.field ?? 'form']: placed.message });
      if (placed.field !== undefined) setFieldRefusals((count) => count + 1);
    } finally {
      setIsSaving(false);
    }
  };

  const isRest = draft.protocol === 'rest';
  return (
    <form ref={formRef} className="form form-wide" onSubmit={(event) => void submit(event)} noValidate>
      {errors.form !== undefined && (
        <p className="inline-error" role="alert">
          {errors.form}
        </p>
      )}
      <ProtocolChoice isRest={isRest} update={update} />

      {isRest && (
        <>
          <BaseUrlModeChoice mode={draft.baseUrlMode} update={update} />
          {draft.baseUrlMode === 'fixed' && (
            <BaseUrlField
              id="field-baseUrl"
              owner="integration"
              value={draft.baseUrl}
              savedValue={saved?.baseUrl}
              error={errors.baseUrl}
              hint="Methods' paths are appended to it."
              placeholder="https://api.example.com/v1"
              onChange={(baseUrl) => update({ baseUrl })}
            />
          )}
          <AuthSettingsFields settings={draft.auth} errors={errors} onChange={(auth) => update({ auth })} />
          <BehaviourFields
            behaviour={draft.behaviour}
            proxyPassword={{
              isStored: saved?.proxyPassword.set === true,
              pending: proxyPassword,
              onChange: (value) => {
                setProxyPassword(value);
                setErrors({});
              },
            }}
            errors={errors}
            onChange={(behaviour) => update({ behaviour })}
          />
          <RateLimitsFields
            idPrefix="integration-rateLimits"
            limits={draft.behaviour.rateLimits}
            errors={Object.fromEntries(
              Object.entries(errors).map(([field, message]) => [field.replace(/^behaviour\./, ''), message]),
            )}
            intro="Shared by every request to this integration: every run, every client, Test, webhooks and schedules. A client's configuration may set its own limits as well; both apply."
            onChange={(rateLimits) => update({ behaviour: { ...draft.behaviour, rateLimits } })}
          />
        </>
      )}

      {!isRest && (
        <CustomFieldsEditor
          fields={draft.customFields}
          onChange={(customFields) => update({ customFields })}
        />
      )}

      <PrefixAndClientsFields draft={draft} error={errors.variablePrefix} update={update} />

      <div className="form-actions">
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page. */}
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={isSaving}
          title={`Save connection (${shortcutLabel('S')})`}
        >
          {isSaving ? 'Saving…' : 'Save connection'}
        </button>
        <span className="form-actions-hint muted">
          <kbd>{shortcutLabel('S')}</kbd> save
        </span>
      </div>
    </form>
  );
}
