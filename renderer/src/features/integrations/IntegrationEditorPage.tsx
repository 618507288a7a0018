/**
 * Creates or edits an integration's details. The logo is checked as soon as it is chosen, with
 * the backend's own rules; the backend checks again and its messages land at the field at fault.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { fixedCategories, integrationLimits, type Integration } from '../../../../shared/domain/integration';
import { api } from '../../api/client';
import { Icon } from '../../app/icons';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import { placeRefusal } from '../../app/refusalPlace';
import { navigate } from '../../app/route';
import { Field } from '../../app/Field';
import { LimitedText } from '../../app/LimitedText';
import { Loading } from '../../app/Loading';
import { shortcutLabel } from '../../app/shortcutLabel';
import { useUnsavedEditsGuard } from '../../app/unsavedEdits';
import { LogoPicker, type LogoChange } from './LogoPicker';
import { useEditorShortcuts } from './useEditorShortcuts';

interface FormValues {
  name: string;
  category: string;
  description: string;
  notes: string;
  versionLabel: string;
}

type FieldErrors = Partial<Record<keyof FormValues | 'logo' | 'form', string>>;

const emptyValues: FormValues = { name: '', category: '', description: '', notes: '', versionLabel: '' };

/** The form's values as stored (an empty form for a new integration). */
function savedValuesOf(integration: Integration | null): FormValues {
  if (integration === null) return emptyValues;
  const { name, category, description, notes, versionLabel } = integration;
  return { name, category, description, notes, versionLabel };
}

function isSameValues(left: FormValues, right: FormValues): boolean {
  return (Object.keys(left) as (keyof FormValues)[]).every((key) => left[key] === right[key]);
}

function validate(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.name.trim() === '') errors.name = 'Name is required';
  if (values.category.trim() === '') errors.category = 'Category is required: pick one or type your own';
  return errors;
}

/** The form's fields by the backend's name for them ("details.name", "logo"), as labelled. */
const detailsPartNames = {
  name: 'Name',
  category: 'Category',
  description: 'Description',
  notes: 'Notes',
  versionLabel: 'Version',
  logo: 'Logo',
} as const satisfies Record<Exclude<keyof FieldErrors, 'form'>, string>;

/** A refusal at Save at the field it names, else above the form naming the part (refusalPlace.ts). */
function placedErrors(error: unknown): FieldErrors {
  const placed = placeRefusal(error, {
    prefix: 'details.',
    isShownAt: (field) => Object.hasOwn(detailsPartNames, field),
    names: detailsPartNames,
  });
  return { [placed.field ?? 'form']: placed.message };
}

export function IntegrationEditorPage({ id }: { id: string | null }): ReactElement {
  const [values, setValues] = useState<FormValues>(emptyValues);
  const [existing, setExisting] = useState<Integration | null>(null);
  const [logo, setLogo] = useState<LogoChange>({ kind: 'keep' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [isSaving, setIsSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (id === null) return;
    api.call('integrations.get', { id }).then(
      (integration) => {
        setExisting(integration);
        setValues(savedValuesOf(integration));
      },
      (error: unknown) => setErrors({ form: messageOf(error) }),
    );
  }, [id]);

  const cancel = () =>
    navigate(
      id === null
        ? { area: 'integrations', view: 'list' }
        : { area: 'integrations', view: 'details', id, tab: 'overview' },
    );

  useEditorShortcuts(formRef, cancel);
  useUnsavedEditsGuard(logo.kind !== 'keep' || !isSameValues(values, savedValuesOf(existing)));

  const set = (field: keyof FormValues) => (value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined, form: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (isSaving) return;
    const found = { ...validate(values), ...(errors.logo === undefined ? {} : { logo: errors.logo }) };
    if (Object.values(found).some((message) => message !== undefined)) {
      setErrors(found);
      const first = Object.keys(found)[0];
      document.getElementById(`field-${first ?? 'name'}`)?.focus();
      return;
    }
    setIsSaving(true);
    try {
      const logoInput =
        logo.kind === 'replace' ? logo.chosen.upload : logo.kind === 'remove' ? null : undefined;
      const saved =
        id === null
          ? await api.call('integrations.create', { details: values, logo: logoInput })
          : await api.call('integrations.update', { id, details: values, logo: logoInput });
      useNoticeStore.getState().show('success', `Saved ${saved.name}`);
      navigate({ area: 'integrations', view: 'details', id: saved.id, tab: 'overview' }, { afterSave: true });
    } catch (error) {
      setErrors(placedErrors(error));
    } finally {
      setIsSaving(false);
    }
  };

  const title = id === null ? 'New integration' : `Edit ${existing?.name ?? 'integration'}`;
  // Editing starts once the saved values are in, so nothing typed is overwritten by them.
  if (id !== null && existing === null) {
    return (
      <section className="page page-narrow" aria-busy={errors.form === undefined}>
        {errors.form !== undefined ? (
          <p className="inline-error" role="alert">
            {errors.form}
          </p>
        ) : (
          <Loading label="Loading the integration…" />
        )}
      </section>
    );
  }
  return (
    <section className="page page-narrow">
      <header className="page-header">
        <div>
          <button type="button" className="link-button" onClick={cancel}>
            <Icon name="back" /> {id === null ? 'Integrations' : (existing?.name ?? 'Back')}
          </button>
          <h1>{title}</h1>
        </div>
      </header>
      <form ref={formRef} className="form" onSubmit={(event) => void submit(event)} noValidate>
        {errors.form !== undefined && (
          <p className="inline-error" role="alert">
            {errors.form}
          </p>
        )}
        <Field id="field-name" label="Name" error={errors.name} isRequired>
          {(props) => (
            <LimitedText
              props={props}
              subject="An integration name"
              max={integrationLimits.nameMax}
              value={values.name}
              autoFocus
              onChange={set('name')}
            />
          )}
        </Field>
        <div className="form-row">
          <Field
            id="field-category"
            label="Category"
            error={errors.category}
            isRequired
            hint="Pick one or type your own."
          >
            {(props) => (
              <>
                <LimitedText
                  props={props}
                  subject="A category"
                  max={integrationLimits.categoryMax}
                  className="combobox-input"
                  list="category-options"
                  autoComplete="off"
                  value={values.category}
                  onChange={set('category')}
                />
                <datalist id="category-options">
                  {fixedCategories.map((category) => (
                    <option key={category} value={category} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field
            id="field-versionLabel"
            label="Version"
            error={errors.versionLabel}
            hint="Your own label, e.g. the API version you target."
          >
            {(props) => (
              <LimitedText
                props={props}
                subject="A version label"
                max={integrationLimits.versionMax}
                value={values.versionLabel}
                onChange={set('versionLabel')}
              />
            )}
          </Field>
        </div>
        <Field
          id="field-description"
          label="Description"
          error={errors.description}
          hint="Shown in the list and found by search."
        >
          {(props) => (
            <LimitedText
              props={props}
              subject="A description"
              max={integrationLimits.descriptionMax}
              rows={2}
              value={values.description}
              onChange={set('description')}
            />
          )}
        </Field>
        <Field
          id="field-notes"
          label="Notes"
          error={errors.notes}
          hint="Anything a teammate should know: links to API docs, quirks, contacts."
        >
          {(props) => (
            <LimitedText
              props={props}
              subject="The text of the notes"
              max={integrationLimits.notesMax}
              rows={4}
              value={values.notes}
              onChange={set('notes')}
            />
          )}
        </Field>
        <LogoPicker
          existing={existing}
          change={logo}
          error={errors.logo}
          onChange={(change, error) => {
            setLogo(change);
            setErrors((current) => ({ ...current, logo: error }));
          }}
        />
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            // Not `disabled`: a disabled button drops the keyboard's focus to the page.
            aria-disabled={isSaving}
            title={`Save (${shortcutLabel('S')})`}
          >
            {isSaving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" className="button" onClick={cancel} title="Cancel (Esc)">
            Cancel
          </button>
          <span className="form-actions-hint muted">
            <kbd>{shortcutLabel('S')}</kbd> save · <kbd>Esc</kbd> cancel
          </span>
        </div>
      </form>
    </section>
  );
}
