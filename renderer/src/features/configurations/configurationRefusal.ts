/**
 * Where the configuration form shows a refusal at Save (refusalPlace.ts): the fields it shows a
 * message at for this integration, and the names of its parts as it labels them, for a refusal of
 * anything else (a value kept under a name the integration no longer asks for, too many values),
 * which the form would otherwise not show at all.
 */
import type { CredentialField } from '../../../../shared/auth/authTypeDescriptor';
import {
  isBaseUrlPerConfiguration,
  type IntegrationDefinition,
} from '../../../../shared/domain/integrationDefinition';
import type { PartNames } from '../../app/refusalPlace';
import { rateLimitFields } from '../connection/rateLimitProblems';

/** The form's parts by path in the call (a value's and a secret's by the field's name). */
export function configurationPartNames(fields: readonly CredentialField[]): PartNames {
  return {
    name: 'Configuration name',
    clientName: 'Client',
    baseUrl: 'Base URL',
    values: 'Values',
    secrets: 'Secrets',
    rateLimits: 'Rate limits',
    ...Object.fromEntries(rateLimitFields.map((field) => [`rateLimits.${field.name}`, field.label])),
    ...Object.fromEntries(fields.map((field) => [field.name, field.label])),
  };
}

/** The fields (a value or secret by its name) the form shows a message at for `definition`. */
export function configurationFieldsShown(
  definition: IntegrationDefinition,
  fields: readonly CredentialField[],
): ReadonlySet<string> {
  const shown = new Set(['name', ...fields.map((field) => field.name)]);
  if (definition.isClientMode) shown.add('clientName');
  if (isBaseUrlPerConfiguration(definition)) shown.add('baseUrl');
  if (definition.protocol === 'rest')
    for (const field of rateLimitFields) shown.add(`rateLimits.${field.name}`);
  return shown;
}
