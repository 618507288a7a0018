/**
 * Values for `{{config.<prefix>.<field>}}` placeholders (PRODUCT.md §1 variable prefix, §4): the
 * integration with that prefix, its primary configuration, the field as a value or a secret.
 * Only the fields a request refers to are read, so no other secret is decrypted.
 */
import { listTemplateVariables } from '../../../shared/expressions/template';
import type { MethodDefinition } from '../../../shared/domain/method';
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

function textsOf(method: MethodDefinition): string[] {
  const rows = [...method.query, ...method.headers]
    .filter((row) => row.isEnabled)
    .flatMap((row) => [row.key, row.value]);
  const body = method.body;
  const bodyTexts =
    body.kind === 'json' || body.kind === 'raw'
      ? [body.text]
      : body.kind === 'form' || body.kind === 'multipart'
        ? body.rows.flatMap((row) => [row.key, row.value])
        : [];
  return [method.path, ...rows, ...bodyTexts];
}

/** `{ config: { openai: { apiKey: '…' } } }` for the references found, and the secrets among them. */
export function createConfigReferenceResolver(deps: ConfigReferenceDependencies) {
  return (
    method: MethodDefinition,
  ): { scope: { config: Record<string, Record<string, string>> }; secrets: string[] } => {
    const config: Record<string, Record<string, string>> = {};
    const secrets: string[] = [];
    const references = textsOf(method).flatMap((text) => {
      try {
        return listTemplateVariables(text);
      } catch {
        return []; // A malformed field reports itself when the request is built.
      }
    });
    for (const reference of new Set(references)) {
      const [root, prefix, field] = reference.split('.');
      if (root !== 'config' || prefix === undefined || field === undefined) continue;
      const integrationId = deps.integrations.findIdByPrefix(prefix);
      if (integrationId === undefined) continue;
      const given = deps.givenFields?.(integrationId);
      const givenValue = given?.values[field];
      if (given !== undefined && givenValue !== undefined) {
        config[prefix] = { ...config[prefix], [field]: givenValue };
        if (given.isSecret(field)) secrets.push(givenValue);
        continue;
      }
      const primary = deps.configurations.list(integrationId).find((row) => row.isPrimary);
      if (primary === undefined) continue;
      const plain = primary.values[field];
      const secret =
        plain === undefined ? deps.configurationService.readSecret(primary.id, field) : undefined;
      const value = plain ?? secret;
      if (value === undefined) continue;
      config[prefix] = { ...config[prefix], [field]: value };
      if (secret !== undefined) secrets.push(secret);
    }
    return { scope: { config }, secrets };
  };
}
