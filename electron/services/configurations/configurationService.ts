/**
 * Configurations (PRODUCT.md §2). Secrets are encrypted before they reach the repository and
 * leave this service only masked; `readSecret` is for the HTTP layer that sends them.
 */
import { exchangeableText } from '../../../shared/io/exchangeText';
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import {
  secretMask,
  type Configuration,
  type ConfigurationInput,
  type ConfigurationUpdate,
  type MaskedSecret,
} from '../../../shared/domain/configuration';
import { isSecretField } from '../../../shared/auth/authTypeDescriptor';
import { authTypeDescriptorOf } from '../../../shared/auth/authTypeRegistry';
import { baseUrlProblem, withUserInfoMasked } from '../../../shared/domain/baseUrl';
import { hasRateLimits } from '../../../shared/domain/rateLimits';
import { configurationFieldsOf, secretNamesOf } from '../../../shared/domain/integrationDefinition';
import type { ConfigurationRepository, ConfigurationRow } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { EventBus } from '../events/eventBus';
import type { SecretStore } from '../secrets/secretStore';

export interface ConfigurationService {
  list(integrationId: string): Configuration[];
  create(integrationId: string, input: ConfigurationInput): Configuration;
  /** Changes what the input gives; what it leaves out stays as it is. */
  update(id: string, input: ConfigurationUpdate): Configuration;
  setPrimary(id: string): Configuration;
  delete(id: string): void;
  /** The clear value of a secret, for the HTTP layer only; never for a window. */
  readSecret(id: string, field: string): string | undefined;
  /** The id of the integration's primary configuration, if it has one. */
  primaryId(integrationId: string): string | undefined;
  /** The id of the configuration that belongs to a client (client configuration mode); none for "". */
  idForClient(integrationId: string, client: string): string | undefined;
  /** The id of the configuration named so, ignoring case and surrounding spaces. */
  idByName(integrationId: string, name: string): string | undefined;
  /** The client name of each of the integration's configurations ("" for one of no client). */
  clientNames(integrationId: string): string[];
}

export interface ConfigurationServiceDependencies {
  configurations: ConfigurationRepository;
  integrations: IntegrationRepository;
  secrets: SecretStore;
  events: EventBus;
  now?: () => Date;
}

const secretContext = (id: string, field: string) => `configuration:${id}:${field}`;

export function createConfigurationService(deps: ConfigurationServiceDependencies): ConfigurationService {
  const { configurations, integrations, secrets, events } = deps;
  const now = deps.now ?? (() => new Date());

  const find = (id: string): ConfigurationRow => {
    const row = configurations.get(id);
    if (row === undefined) {
      throw new AppError('not_found', 'This configuration no longer exists; it may have been deleted.');
    }
    return row;
  };

  const present = (row: ConfigurationRow): Configuration => {
    const masked: Record<string, MaskedSecret> = {};
    for (const field of configurations.secretFields(row.id)) {
      masked[field] = { set: true, masked: secretMask };
    }
    const { rateLimits, ...rest } = row;
    return {
      ...rest,
      // One stored before user:password@ was refused: the window never gets the password.
      baseUrl: withUserInfoMasked(rest.baseUrl),
      ...(hasRateLimits(rateLimits) ? { rateLimits } : {}),
      secrets: masked,
    };
  };

  const writeSecrets = (id: string, input: Pick<ConfigurationInput, 'secrets'>): void => {
    for (const [field, value] of Object.entries(input.secrets)) {
      if (value === null || value === '') configurations.deleteSecret(id, field);
      else configurations.putSecret(id, field, secrets.encrypt(value, secretContext(id, field)));
    }
  };

  /**
   * A credential given as a plain value would be stored and listed in clear: refused, naming the
   * field, so the caller puts it in `secrets`. Values already stored are left as they are.
   */
  const assertNoCredentialValues = (integrationId: string, values: Record<string, string> | undefined) => {
    const definition = values === undefined ? undefined : integrations.getDefinition(integrationId);
    if (values === undefined || definition === undefined) return;
    for (const field of configurationFieldsOf(definition)) {
      if (!isSecretField(field) || !Object.hasOwn(values, field.name)) continue;
      const what =
        definition.protocol === 'secrets'
          ? 'a password field of this integration'
          : `the ${lowerFirst(field.label)} of this integration's authorization`;
      throw new AppError(
        'invalid_input',
        `"${field.name}" is ${what}; put it in secrets, where it is stored encrypted.`,
        `values.${field.name}`,
      );
    }
  };

  /**
   * A base URL given to a configuration must be an http(s) address without a user name or
   * password, whatever the integration's mode: one kept while the integration's base URL is
   * fixed is not used, but is used as it is once the integration takes it from each
   * configuration — a change of the integration that checks no configuration.
   */
  const assertBaseUrlWorks = (baseUrl: string | undefined): void => {
    const problem = baseUrl === undefined ? undefined : baseUrlProblem(baseUrl, 'configuration');
    if (problem !== undefined) throw new AppError('invalid_input', problem.message, 'baseUrl');
  };

  /**
   * A secret the integration never reads would be stored for nothing (a misspelt name, a field of
   * another authorization type): refused, naming the field and the names it reads. Clearing (null
   * or "") is allowed for any name, so a secret left from an earlier type can still be removed.
   */
  const assertKnownSecretNames = (integrationId: string, given: ConfigurationInput['secrets']) => {
    const written = Object.keys(given).filter((name) => given[name] !== null && given[name] !== '');
    const definition = written.length === 0 ? undefined : integrations.getDefinition(integrationId);
    if (definition === undefined) return;
    const known = secretNamesOf(definition);
    const unknown = written.find((name) => !known.includes(name));
    if (unknown === undefined) return;
    const names = known.map((name) => `"${name}"`).join(', ');
    const allowed =
      definition.protocol === 'secrets'
        ? known.length === 0
          ? 'it has no fields'
          : `its fields are ${names}`
        : `its ${authTypeDescriptorOf(definition.auth.type).displayName} authorization reads ${known.length === 0 ? 'no secrets' : names}`;
    throw new AppError(
      'invalid_input',
      `"${unknown}" is not a secret this integration reads: ${allowed}.`,
      `secrets.${unknown}`,
    );
  };

  const assertNameFree = (integrationId: string, name: string, ownId?: string): void => {
    const clash = configurations
      .list(integrationId)
      .find((row) => row.name.toLocaleLowerCase('en') === name.toLocaleLowerCase('en') && row.id !== ownId);
    if (clash !== undefined) {
      throw new AppError('conflict', `A configuration named "${name}" already exists here.`, 'name');
    }
  };

  const changed = (row: ConfigurationRow, change: 'created' | 'updated' | 'deleted') => {
    events.emit({
      name: 'configurations.changed',
      payload: { id: row.id, integrationId: row.integrationId, change },
    });
  };

  return {
    list: (integrationId) => configurations.list(integrationId).map(present),
    create: (integrationId, input) => {
      if (integrations.get(integrationId) === undefined) {
        throw new AppError('not_found', 'This integration no longer exists.', 'integrationId');
      }
      assertNameFree(integrationId, input.name);
      assertNoCredentialValues(integrationId, input.values);
      assertBaseUrlWorks(input.baseUrl);
      assertKnownSecretNames(integrationId, input.secrets);
      const id = crypto.randomUUID();
      const timestamp = now().toISOString();
      const row: ConfigurationRow = {
        id,
        integrationId,
        name: input.name,
        clientName: input.clientName,
        baseUrl: input.baseUrl,
        isPrimary: configurations.list(integrationId).length === 0,
        values: input.values,
        rateLimits: input.rateLimits ?? null,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      configurations.transaction(() => {
        configurations.insert(row);
        writeSecrets(id, input);
      });
      changed(row, 'created');
      return present(find(id));
    },
    update: (id, input) => {
      const existing = find(id);
      const name = input.name ?? existing.name;
      assertNameFree(existing.integrationId, name, id);
      assertNoCredentialValues(existing.integrationId, input.values);
      assertBaseUrlWorks(input.baseUrl);
      assertKnownSecretNames(existing.integrationId, input.secrets);
      configurations.transaction(() => {
        configurations.update({
          id,
          name,
          clientName: input.clientName ?? existing.clientName,
          baseUrl: input.baseUrl ?? existing.baseUrl,
          values: input.values ?? existing.values,
          rateLimits: input.rateLimits === undefined ? existing.rateLimits : input.rateLimits,
          updatedAt: now().toISOString(),
        });
        writeSecrets(id, input);
      });
      changed(existing, 'updated');
      return present(find(id));
    },
    setPrimary: (id) => {
      const existing = find(id);
      configurations.setPrimary(id);
      changed(existing, 'updated');
      return present(find(id));
    },
    delete: (id) => {
      const existing = find(id);
      configurations.delete(id);
      changed(existing, 'deleted');
    },
    readSecret: (id, field) => {
      const ciphertext = configurations.getSecret(id, field);
      if (ciphertext === undefined) return undefined;
      try {
        return secrets.decrypt(ciphertext, secretContext(id, field));
      } catch {
        // Damaged, or copied here from another row or database: say which one to enter again.
        throw new AppError(
          'secrets_key_mismatch',
          `The secret "${field}" of the configuration "${find(id).name}" cannot be decrypted: it was ` +
            'damaged or not saved here. Enter it again.',
          field,
        );
      }
    },
    primaryId: (integrationId) => configurations.list(integrationId).find((row) => row.isPrimary)?.id,
    idForClient: (integrationId, client) =>
      client === ''
        ? undefined
        : configurations.list(integrationId).find((row) => row.clientName === client)?.id,
    idByName: (integrationId, name) => {
      const wanted = nameKey(name);
      return configurations.list(integrationId).find((row) => nameKey(row.name) === wanted)?.id;
    },
    clientNames: (integrationId) => configurations.list(integrationId).map((row) => row.clientName),
  };
}

/**
 * How a configuration's name is matched when a run asks for one by name: ignoring case and
 * surrounding spaces, and a name saved before the one-line rule (a tab in "Pro\td") as its export
 * writes it ("Pro d").
 */
const nameKey = (name: string) => exchangeableText(name, false).trim().toLowerCase();

/** "Token" → "token", "API key" stays: a label's first letter, unless it starts an acronym. */
function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
