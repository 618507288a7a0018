/**
 * Credentials given to one process instead of stored: the command line's `run` reads them from the
 * environment or a secrets file (a CI job's secrets), and they are laid over the configuration a
 * request would use — or stand in for one where the data folder has none. Nothing here is
 * written: the values live as long as the process, tokens obtained with them too, and every
 * secret among them is masked like a stored configuration's.
 */
import { AppError } from '../../../shared/api/appError';
import { isSecretField } from '../../../shared/auth/authTypeDescriptor';
import {
  configurationFieldsOf,
  type IntegrationDefinition,
} from '../../../shared/domain/integrationDefinition';
import type { CachedToken } from '../http/authorizer';
import type { ConfigurationAccess } from '../http/httpCore';

/** The field that gives the base URL (an integration whose base URL is set per configuration). */
export const baseUrlField = 'baseUrl';

/** An integration as the overrides see it. */
export interface OverriddenIntegration {
  name: string;
  definition: IntegrationDefinition;
}

/**
 * The fields given for an integration — its configuration's credential fields by name, and
 * `baseUrl` — or undefined when none are given for it.
 */
export type CredentialOverrides = (
  integration: OverriddenIntegration,
) => Readonly<Record<string, string>> | undefined;

/** The given fields of one integration, and which of them are secret (masked wherever shown). */
export interface OverrideFields {
  values: Readonly<Record<string, string>>;
  isSecret(field: string): boolean;
}

/** Whether a given field is secret: a secret credential field, or one its integration does not declare. */
function secrecyOf(definition: IntegrationDefinition): (field: string) => boolean {
  const fields = new Map(configurationFieldsOf(definition).map((field) => [field.name, field]));
  return (name) => {
    if (name === baseUrlField) return false;
    const field = fields.get(name);
    return field === undefined || isSecretField(field);
  };
}

/** The layer a backend lays over its stored configurations, with the tokens it obtained in memory. */
export interface CredentialOverrideLayer {
  /** The given fields of an integration (for `{{config.<prefix>.<field>}}`), or undefined. */
  fieldsOf(integrationId: string): OverrideFields | undefined;
  /**
   * The configuration a request of this integration uses: the stored one (or none) with the
   * given fields laid over it; the stored one as it is when nothing is given for the integration.
   */
  apply(
    integrationId: string,
    definition: IntegrationDefinition,
    configurationId: string | undefined,
    stored: ConfigurationAccess | null,
  ): ConfigurationAccess | null;
}

export function createCredentialOverrideLayer(
  overrides: CredentialOverrides,
  /** The integration repository's lookups: a request names its integration by id. */
  integrations: {
    get(id: string): { name: string } | undefined;
    getDefinition(id: string): IntegrationDefinition | undefined;
  },
): CredentialOverrideLayer {
  // Tokens obtained with given credentials are kept for the process only, by configuration and settings.
  const tokens = new Map<string, CachedToken>();
  const given = (name: string, definition: IntegrationDefinition): OverrideFields | undefined => {
    const values = overrides({ name, definition });
    if (values === undefined || Object.keys(values).length === 0) return undefined;
    return { values, isSecret: secrecyOf(definition) };
  };
  return {
    fieldsOf: (integrationId) => {
      const name = integrations.get(integrationId)?.name;
      const definition = integrations.getDefinition(integrationId);
      return name === undefined || definition === undefined ? undefined : given(name, definition);
    },
    apply: (integrationId, definition, configurationId, stored) => {
      const name = integrations.get(integrationId)?.name ?? '';
      const fields = given(name, definition);
      if (fields === undefined) return stored;
      const { values, isSecret } = fields;
      const get = (field: string): string | undefined => values[field] ?? stored?.credentials.get(field);
      const tokenKey = `given:${integrationId}:${configurationId ?? ''}`;
      return {
        baseUrl: values[baseUrlField] ?? stored?.baseUrl ?? '',
        credentials: {
          get,
          require: (field) => {
            const value = get(field);
            if (value === undefined || value === '')
              throw new AppError(
                'invalid_input',
                `"${name}" has no value for "${field}", neither given to this run nor in its configuration.`,
                field,
              );
            return value;
          },
        },
        tokens: {
          slot: (slot) => {
            const key = `${tokenKey}:${slot}`;
            return {
              key,
              read: () => tokens.get(key),
              write: (token) => tokens.set(key, token),
              clear: () => tokens.delete(key),
            };
          },
        },
        // Credentials given to the run do not lift the stored configuration's own rate limits.
        rateLimits: stored?.rateLimits,
        secretValues: () => [
          ...(stored?.secretValues() ?? []),
          ...Object.entries(values).flatMap(([field, value]) => (isSecret(field) ? [value] : [])),
        ],
      };
    },
  };
}
