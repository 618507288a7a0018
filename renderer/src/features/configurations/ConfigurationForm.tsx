/**
 * Adds or edits a configuration. Secret fields are write-only: a stored secret shows as •••• with
 * Replace and Clear; its value never comes back to the window. A REST integration's configuration
 * may set its own rate limits, which apply together with the integration's. The base URL is shown,
 * and sent, only where the integration takes it from each configuration. A save on its way
 * ignores another (a double click, Ctrl+S again), as the integration's editors do. The name and
 * client stop at their limits and say so.
 */
import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { isSecretField } from '../../../../shared/auth/authTypeDescriptor';
import { configurationLimits } from '../../../../shared/domain/configuration';
import {
  configurationFieldsOf,
  isBaseUrlPerConfiguration,
  type IntegrationDefinition,
} from '../../../../shared/domain/integrationDefinition';
import { api } from '../../api/client';
import { Field } from '../../app/Field';
import { LimitedText } from '../../app/LimitedText';
import { placeRefusal } from '../../app/refusalPlace';
import { useNoticeStore } from '../../app/noticeStore';
import { shortcutLabel } from '../../app/shortcutLabel';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import type { ConfigurationView } from '../integrations/currentIntegrationStore';
import { useEditorShortcuts } from '../integrations/useEditorShortcuts';
import { BaseUrlField } from '../connection/BaseUrlField';
import { RateLimitsFields } from '../connection/RateLimitsFields';
import { rateLimitProblems } from '../connection/rateLimitProblems';
import { hasRateLimits, noRateLimits, type RateLimits } from '../../../../shared/domain/rateLimits';
import { configurationFieldsShown, configurationPartNames } from './configurationRefusal';
import { SecretInput } from './SecretInput';

/** The plain fields as the form opens them: a new configuration is suggested as "Production". */
function openedFieldsOf(configuration: ConfigurationView | null) {
  return {
    name: configuration?.name ?? (configuration === null ? 'Production' : ''),
    clientName: configuration?.clientName ?? '',
    baseUrl: configuration?.baseUrl ?? '',
    values: configuration?.values ?? {},
  };
}

export function ConfigurationForm({
  integrationId,
  definition,
  configuration,
  onDone,
}: {
  integrationId: string;
  definition: IntegrationDefinition;
  configuration: ConfigurationView | null;
  onDone: () => void;
}): ReactElement {
  const opened = openedFieldsOf(configuration);
  const [name, setName] = useState(opened.name);
  const [clientName, setClientName] = useState(opened.clientName);
  const [baseUrl, setBaseUrl] = useState(opened.baseUrl);
  const [values, setValues] = useState<Record<string, string>>(opened.values);
  const [secrets, setSecrets] = useState<Record<string, string | null>>({});
  const [rateLimits, setRateLimits] = useState<RateLimits>(configuration?.rateLimits ?? noRateLimits);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const fields = configurationFieldsOf(definition);
  const hasOwnBaseUrl = isBaseUrlPerConfiguration(definition);
  const shownFields = configurationFieldsShown(definition, fields);
  const formRef = useRef<HTMLFormElement>(null);
  // Ctrl+S only: Esc here would drop the edits without asking, as Cancel does.
  useEditorShortcuts(formRef);
  useUnsavedEditsGuard(
    Object.keys(secrets).length > 0 ||
      JSON.stringify({ name, clientName, baseUrl, values }) !== JSON.stringify(opened),
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // A second Save (a double click, Ctrl+S again, Enter and a click) while one is on its way.
    if (isSaving) return;
    if (Object.keys(rateLimitProblems(rateLimits)).length > 0) {
      setError({ field: 'form', message: 'Some rate limits are not valid: see the fields marked below.' });
      return;
    }
    // A credential an earlier version kept as a plain value moves to the encrypted secrets
    // (unless a new one was typed): the backend refuses credentials among plain values.
    const secretNames = new Set(fields.filter(isSecretField).map((field) => field.name));
    const plain = Object.fromEntries(Object.entries(values).filter(([key]) => !secretNames.has(key)));
    const moved = Object.fromEntries(
      Object.entries(values).filter(
        ([key, value]) => secretNames.has(key) && value !== '' && !(key in secrets),
      ),
    );
    const input = {
      name,
      clientName,
      // Not shown, so not sent: a base URL kept while the integration's is fixed stays as it is.
      ...(hasOwnBaseUrl ? { baseUrl } : {}),
      values: plain,
      secrets: { ...moved, ...secrets },
      rateLimits: hasRateLimits(rateLimits) ? rateLimits : null,
    };
    setIsSaving(true);
    try {
      if (configuration === null) await api.call('configurations.create', { integrationId, ...input });
      else await api.call('configurations.update', { id: configuration.id, ...input });
      useNoticeStore.getState().show('success', `Saved ${name}`);
      onDone();
    } catch (caught) {
      // At the field it names when the form shows one there; else above the form, naming the part.
      const placed = placeRefusal(caught, {
        prefix: /^(values|secrets)\./,
        isShownAt: (field) => shownFields.has(field),
        names: configurationPartNames(fields),
      });
      setError({ field: placed.field ?? 'form', message: placed.message });
    } finally {
      setIsSaving(false);
    }
  };
  const errorOf = (field: string) => (error?.field === field ? error.message : undefined);

  return (
    <form ref={formRef} className="form form-wide" onSubmit={(event) => void submit(event)} noValidate>
      <h2>{configuration === null ? 'New configuration' : `Edit ${configuration.name}`}</h2>
      {error?.field === 'form' && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="form-row">
        <Field id="configuration-name" label="Configuration name" error={errorOf('name')} isRequired>
          {(props) => (
            <LimitedText
              props={props}
              subject="A configuration name"
              max={configurationLimits.nameMax}
              value={name}
              autoFocus
              onChange={setName}
            />
          )}
        </Field>
        {definition.isClientMode && (
          <Field
            id="configuration-client"
            label="Client"
            error={errorOf('clientName')}
            hint="The customer this configuration is for."
          >
            {(props) => (
              <LimitedText
                props={props}
                subject="A client name"
                max={configurationLimits.clientNameMax}
                value={clientName}
                onChange={setClientName}
              />
            )}
          </Field>
        )}
      </div>
      {hasOwnBaseUrl && (
        <BaseUrlField
          id="configuration-baseUrl"
          owner="configuration"
          value={baseUrl}
          savedValue={configuration?.baseUrl}
          error={errorOf('baseUrl')}
          placeholder="https://tenant.example.com/api"
          onChange={(value) => {
            setBaseUrl(value);
            if (error?.field === 'baseUrl') setError(null);
          }}
        />
      )}
      {fields.length === 0 && <p className="hint">This integration’s authorization needs no credentials.</p>}
      {fields.map((field) =>
        field.kind === 'text' || field.kind === 'textFile' ? (
          <Field
            key={field.name}
            id={`credential-${field.name}`}
            label={field.label}
            error={errorOf(field.name)}
            isRequired={field.isRequired}
            hint={field.help}
          >
            {(props) =>
              field.kind === 'textFile' ? (
                <textarea
                  {...props}
                  rows={3}
                  className="mono"
                  placeholder="-----BEGIN CERTIFICATE-----"
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              ) : (
                <input
                  {...props}
                  value={values[field.name] ?? ''}
                  onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
                />
              )
            }
          </Field>
        ) : (
          <SecretInput
            key={field.name}
            field={field}
            isStored={configuration?.secrets[field.name]?.set === true}
            pending={secrets[field.name]}
            error={errorOf(field.name)}
            onChange={(value) => {
              const others = Object.fromEntries(
                Object.entries(secrets).filter(([name]) => name !== field.name),
              );
              setSecrets(value === undefined ? others : { ...others, [field.name]: value });
            }}
          />
        ),
      )}
      {definition.protocol === 'rest' && (
        <RateLimitsFields
          idPrefix="configuration-rateLimits"
          limits={rateLimits}
          errors={error === null ? {} : { [error.field]: error.message }}
          intro="This configuration's own limits, for its requests only. The integration's limits apply as well: a request waits for both."
          onChange={(limits) => {
            setRateLimits(limits);
            if (error !== null) setError(null);
          }}
        />
      )}
      <div className="form-actions">
        {/* aria-disabled, not disabled: a disabled button would drop the keyboard's focus to the page. */}
        <button
          type="submit"
          className="button button-primary"
          aria-disabled={isSaving}
          title={`Save configuration (${shortcutLabel('S')})`}
        >
          {isSaving ? 'Saving…' : 'Save configuration'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <span className="form-actions-hint muted">
          <kbd>{shortcutLabel('S')}</kbd> save
        </span>
      </div>
    </form>
  );
}
