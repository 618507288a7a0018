/**
 * The authorization picker and only the fields the chosen type needs, drawn from the type's
 * descriptor (shared/auth/types); credentials go in configurations.
 */
import type { ReactElement } from 'react';
import {
  authTypeDescriptorOf,
  authTypeDescriptors,
  defaultAuthSettings,
  type AuthSettings,
  type AuthType,
} from '../../../../shared/auth/authTypeRegistry';
import { Field } from '../../app/Field';
import { AuthTypeSettingsForm } from './AuthTypeSettingsForm';

export function AuthSettingsFields({
  settings,
  errors,
  onChange,
  legend = 'Authorization',
}: {
  settings: AuthSettings;
  errors: Record<string, string>;
  onChange: (settings: AuthSettings) => void;
  /** The group's name; a method's own settings sit under its "Authorization" choice, so they say whose they are. */
  legend?: string;
}): ReactElement {
  const { note } = authTypeDescriptorOf(settings.type);
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <Field id="field-authType" label="Authorization type" error={undefined}>
        {(props) => (
          <select
            {...props}
            value={settings.type}
            onChange={(event) => onChange(defaultAuthSettings(event.target.value as AuthType))}
          >
            {authTypeDescriptors.map((descriptor) => (
              <option key={descriptor.type} value={descriptor.type}>
                {descriptor.displayName}
              </option>
            ))}
          </select>
        )}
      </Field>
      {note !== undefined && <p className="hint">{note}</p>}
      <AuthTypeSettingsForm settings={settings} errors={errors} onChange={onChange} />
    </fieldset>
  );
}
