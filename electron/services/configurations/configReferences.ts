/**
 * Values for `{{config.<prefix>.<field>}}` placeholders (PRODUCT.md §1 variable prefix, §4): the
 * integration with that prefix, its primary configuration (in a client's run, that client's one
 * of an integration in client mode), the field as a value or a secret — for a method's request,
 * and for the template fields of a run's steps. Only the fields referred to are read, so no other
 * secret is decrypted. Also what validation knows of each prefix (its integration's fields).
 */
import { configPathOf } from '../../../shared/expressions/configReference';
import { configReferencesOf } from '../../../shared/expressions/methodVariables';
import type { MethodDefinition } from '../../../shared/domain/method';
import { configurationFieldsOf } from '../../../shared/domain/integrationDefinition';
import type { ConfigFacts } from '../../../shared/runbook/steps/stepDescriptor';
import type { ConfigurationRepository } from '../db/repositories/configurationRepository';
import type { IntegrationRepository } from '../db/repositories/integrationRepository';
import type { ConfigurationService } from './configurationService';
import type { OverrideFields } from './credentialOverrides';

export interface ConfigReferenceDependencies {
  integrations: IntegrationRepository;
  configurations: ConfigurationRepository;
  configurationService: ConfigurationService;
  /** Credentials given to this process instead of stored (see credentialOverrides.ts); they win. */
  givenFields?: (integrationId: string) => OverrideFields | undefined;
}

/** What a method's `{{config.…}}` placeholders read, for a run's client. */
export interface ConfigReferenceValues {
  scope: { config: Record<string, Record<string, string>> };
  secrets: string[];
  /**
   * The name of an integration in client configuration mode a placeholder refers to, of which
   * the run's client has no configuration: nothing may be sent (another client's would be wrong).
   */
  clientWithoutConfiguration?: string;
}

/**
 * What the template fields of a run's steps read: the values found, the secrets among them (the
 * run masks them), and for each reference without a value why, by its path (`config.vault.key`),
 * in words naming integrations, configurations and fields — never a value.
 */
export interface ConfigStepValues {
  values: Record<string, Record<string, string>>;
  secrets: string[];
  problems: Record<string, string>;
}

/** One reference read: its value and whether it is secret, or why there is none. */
type ReadReference =
  { value: string; isSecret: boolean } | { problem: string; clientWithoutConfiguration?: string };

/** The reader of single references both kinds of reading share. */
function createReferenceReader(deps: ConfigReferenceDependencies) {
  /** The configuration a reference to this integration reads, and whether it must be the client’s. */
  const configurationOf = (integrationId: string, client: string) => {
    const rows = deps.configurations.list(integrationId);
    const isClients = client !== '' && deps.integrations.getDefinition(integrationId)?.isClientMode === true;
    const row = isClients
      ? rows.find((each) => each.clientName === client)
      : rows.find((each) => each.isPrimary);
    return { row, isClients };
  };
  return (prefix: string, field: string, client: string): ReadReference => {
    const integrationId = deps.integrations.findIdByPrefix(prefix);
    if (integrationId === undefined)
      return { problem: `No integration has the variable prefix "${prefix}".` };
    const given = deps.givenFields?.(integrationId);
    const givenValue = given?.values[field];
    if (given !== undefined && givenValue !== undefined)
      return { value: givenValue, isSecret: given.isSecret(field) };
    const name = deps.integrations.get(integrationId)?.name ?? prefix;
    const { row, isClients } = configurationOf(integrationId, client);
    if (row === undefined && isClients)
      return {
        problem: `${client} has no configuration of "${name}", an integration in client configuration mode: add one for ${client}.`,
        clientWithoutConfiguration: name,
      };
    if (row === undefined) return { problem: `"${name}" has no configuration: add one.` };
    const plain = row.values[field];
    if (plain !== undefined) return { value: plain, isSecret: false };
    const secret = deps.configurationService.readSecret(row.id, field);
    if (secret === undefined)
      return { problem: `The configuration "${row.name}" of "${name}" has no value for "${field}".` };
    return { value: secret, isSecret: true };
  };
}

/**
 * `{ config: { openai: { apiKey: '…' } } }` for the references found, and the secrets among them.
 * In a client's run, an integration in client configuration mode is read from that client's
 * configuration, as its own steps send with it: its primary one belongs to some other client.
 */
export function createConfigReferenceResolver(deps: ConfigReferenceDependencies) {
  const read = createReferenceReader(deps);
  return (method: MethodDefinition, client = ''): ConfigReferenceValues => {
    const config: Record<string, Record<string, string>> = {};
    const secrets: string[] = [];
    let clientWithoutConfiguration: string | undefined;
    for (const [prefix, field] of configReferencesOf(method)) {
      const found = read(prefix, field, client);
      if ('problem' in found) {
        clientWithoutConfiguration ??= found.clientWithoutConfiguration;
        continue;
      }
      config[prefix] = { ...config[prefix], [field]: found.value };
      if (found.isSecret) secrets.push(found.value);
    }
    return {
      scope: { config },
      secrets,
      ...(clientWithoutConfiguration === undefined ? {} : { clientWithoutConfiguration }),
    };
  };
}

/**
 * The values the template fields of a run's steps read (`references`, as [prefix, field]), for
 * the run's client ('' for none), as a method's request reads its own.
 */
export function createConfigStepValues(deps: ConfigReferenceDependencies) {
  const read = createReferenceReader(deps);
  /** A secret that cannot be decrypted fails only the steps that read it, saying which to enter again. */
  const readOrSay = (prefix: string, field: string, client: string): ReadReference => {
    try {
      return read(prefix, field, client);
    } catch (error) {
      return { problem: (error as Error).message };
    }
  };
  return (references: readonly (readonly [string, string])[], client: string): ConfigStepValues => {
    const values: Record<string, Record<string, string>> = {};
    const secrets: string[] = [];
    const problems: Record<string, string> = {};
    for (const [prefix, field] of references) {
      const found = readOrSay(prefix, field, client);
      if ('problem' in found) {
        problems[configPathOf(prefix, field)] = found.problem;
        continue;
      }
      values[prefix] = { ...values[prefix], [field]: found.value };
      if (found.isSecret) secrets.push(found.value);
    }
    return { values, secrets, problems };
  };
}

/** What validation knows of a prefix: its integration's name and the fields its configurations fill. */
export function createConfigFacts(integrations: IntegrationRepository): ConfigFacts {
  return {
    fieldsOf: (prefix) => {
      const id = integrations.findIdByPrefix(prefix);
      const definition = id === undefined ? undefined : integrations.getDefinition(id);
      if (id === undefined || definition === undefined) return undefined;
      return {
        integration: integrations.get(id)?.name ?? prefix,
        fields: configurationFieldsOf(definition).map((field) => field.name),
      };
    },
  };
}
