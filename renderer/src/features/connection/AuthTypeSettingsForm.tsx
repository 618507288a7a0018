/**
 * The settings fields of one authorization type, drawn from its descriptor in shared/auth/types:
 * which fields, their labels and hints, when each shows, which sit side by side. Nothing here
 * knows a type; adding one needs no change to this file.
 */
import type { ReactElement } from 'react';
import type { AnyAuthTypeDescriptor } from '../../../../shared/auth/authTypeDescriptor';
import { authTypeDescriptorOf, type AuthSettings } from '../../../../shared/auth/authTypeRegistry';
import { matchesSettings, valueAtPath, withValueAtPath } from '../../../../shared/auth/settingsPath';
import { authFieldIdOf } from './authFieldId';
import { JsonObjectField } from './JsonObjectField';
import { SelectField, TextField } from './SimpleFields';

type SettingsField = AnyAuthTypeDescriptor['settingsFields'][number];

interface FieldProps {
  settings: AuthSettings;
  /** Messages by field, keyed `auth.<path>` as the backend names them. */
  errors: Record<string, string>;
  onChange: (settings: AuthSettings) => void;
}

/** Visible fields in order, those sharing a row name one after another grouped together. */
function rowsOf(fields: readonly SettingsField[]): SettingsField[][] {
  const rows: SettingsField[][] = [];
  for (const field of fields) {
    const last = rows.at(-1);
    if (field.row !== undefined && last?.[0]?.row === field.row) last.push(field);
    else rows.push([field]);
  }
  return rows;
}

/** Every visible settings field of the type of `settings`. */
export function AuthTypeSettingsForm({ settings, errors, onChange }: FieldProps): ReactElement {
  const visible = authTypeDescriptorOf(settings.type).settingsFields.filter((field) =>
    matchesSettings(settings, field.when),
  );
  // Keyed by type too, so a field with local state (a JSON draft) starts afresh on another type.
  const keyOf = (field: SettingsField) => `${settings.type}.${field.path}`;
  const control = (field: SettingsField) => (
    <SettingsFieldControl
      key={keyOf(field)}
      field={field}
      settings={settings}
      errors={errors}
      onChange={onChange}
    />
  );
  return (
    <>
      {rowsOf(visible).map((row) => {
        const [first] = row;
        if (first === undefined) return null;
        if (first.row === undefined) return control(first);
        return (
          <div key={`${keyOf(first)}.row`} className="form-row">
            {row.map(control)}
          </div>
        );
      })}
    </>
  );
}

/** Said at a number setting holding text that is not a whole number. */
const notWholeNumber = 'Enter a whole number (digits only), e.g. 3600.';

/**
 * A number setting as typed: empty is the control's empty value, a whole number that number, and
 * anything else ("1h", "1.5") the text itself, shown as typed and refused at Save. Number() of
 * it was NaN: the field showed "NaN", and NaN, sent as null, saved "none" without a word.
 */
function numberSettingOf(text: string, emptyValue: number | null): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return emptyValue;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : text;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One field, edited with the control its declaration names. */
function SettingsFieldControl({
  field,
  settings,
  errors,
  onChange,
}: FieldProps & { field: SettingsField }): ReactElement {
  const id = authFieldIdOf(field.path);
  const value = valueAtPath(settings, field.path);
  const error = errors[`auth.${field.path}`];
  const hint = field.hint === undefined ? {} : { hint: field.hint };
  const set = (next: unknown, alsoSets: Readonly<Record<string, unknown>> = {}) => {
    let changed = withValueAtPath(settings, field.path, next);
    for (const [path, also] of Object.entries(alsoSets)) changed = withValueAtPath(changed, path, also);
    onChange(changed);
  };
  const { control } = field;
  switch (control.kind) {
    case 'text':
      return (
        <TextField
          id={id}
          label={field.label}
          value={String(value ?? '')}
          error={error}
          {...hint}
          onChange={set}
        />
      );
    case 'number':
      return (
        <TextField
          id={id}
          label={field.label}
          value={value === null || value === undefined ? '' : String(value)}
          error={typeof value === 'string' ? notWholeNumber : error}
          {...hint}
          onChange={(text) => set(numberSettingOf(text, control.emptyValue))}
        />
      );
    case 'select':
      return (
        <SelectField
          id={id}
          label={field.label}
          value={String(value)}
          options={control.options.map((option) => [option.value, option.label] as const)}
          onChange={(chosen) =>
            set(chosen, control.options.find((option) => option.value === chosen)?.alsoSets)
          }
        />
      );
    case 'checkbox':
      return (
        <label className="checkbox">
          <input type="checkbox" checked={value === true} onChange={(event) => set(event.target.checked)} />
          {field.label}
        </label>
      );
    case 'jsonObject':
      return (
        <JsonObjectField
          id={id}
          label={field.label}
          hint={field.hint}
          placeholder={control.placeholder}
          shapeMessage={control.shapeMessage}
          value={isObject(value) ? value : {}}
          error={error}
          onChange={set}
        />
      );
  }
}
