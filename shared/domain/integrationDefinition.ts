/**
 * How an integration talks to its system (PRODUCT.md §1): protocol, base URL, authorization,
 * the proxy behaviour (retry, throttling, rate limits, outbound proxy), client mode and variable prefix.
 * Only definitions live here: credentials belong to configurations.
 */
import { z } from 'zod';
import { isSecretField, type CredentialField } from '../auth/authTypeDescriptor';
import { authSettingsSchema, authTypeDescriptorOf, credentialFieldsFor } from '../auth/authTypeRegistry';
import { savedText } from '../io/exchangeText';
import { maskedSecretSchema } from './configuration';
import { rateLimitsSchema } from './rateLimits';

const customFieldLabel = z.string().trim().min(1).max(100);

export const customFieldSchema = z.object({
  name: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, { message: 'Field names are letters, digits and _' }),
  label: customFieldLabel,
  type: z.enum(['text', 'password', 'url']),
});
export type CustomField = z.infer<typeof customFieldSchema>;

export const behaviourSchema = z.object({
  retry: z
    .object({
      isEnabled: z.boolean().default(true),
      maxAttempts: z.number().int().min(1).max(10).default(4),
      baseDelayMs: z.number().int().min(0).max(60_000).default(500),
      maxDelayMs: z.number().int().min(0).max(300_000).default(10_000),
    })
    .prefault({}),
  throttle: z
    .object({
      isEnabled: z.boolean().default(true),
      /** Never wait longer than this in total for one request, whatever Retry-After says. */
      maxTotalWaitMs: z.number().int().min(0).max(600_000).default(60_000),
    })
    .prefault({}),
  proxy: z
    .object({
      isEnabled: z.boolean().default(false),
      url: z.string().trim().max(2_000).default(''),
      caCertificate: z.string().max(100_000).default(''),
    })
    .prefault({}),
  /** Shared by every request to the integration, whatever run, client or Test sends it. */
  rateLimits: rateLimitsSchema.prefault({}),
});
export type Behaviour = z.infer<typeof behaviourSchema>;

export const variablePrefixSchema = z
  .string()
  .trim()
  .regex(/^([a-z][a-z0-9_]{0,31})?$/, {
    message: 'The prefix is lower-case letters, digits and _, starting with a letter (at most 32)',
  });

export const integrationDefinitionSchema = z.object({
  protocol: z.enum(['rest', 'secrets']).default('rest'),
  baseUrlMode: z.enum(['fixed', 'per_configuration']).default('fixed'),
  baseUrl: z.string().trim().max(2_000).default(''),
  auth: authSettingsSchema.default({ type: 'none' }),
  behaviour: behaviourSchema.prefault({}),
  isClientMode: z.boolean().default(false),
  variablePrefix: variablePrefixSchema.default(''),
  customFields: z.array(customFieldSchema).max(100).default([]),
});
export type IntegrationDefinition = z.infer<typeof integrationDefinitionSchema>;

/**
 * A definition as saved (the Connection tab, an import): its custom fields' labels as the import
 * takes them (savedText). Stored and answered definitions are read as they are.
 */
export const savedIntegrationDefinitionSchema = integrationDefinitionSchema.extend({
  customFields: z
    .array(customFieldSchema.extend({ label: savedText(customFieldLabel, 'The label') }))
    .max(100)
    .default([]),
});

/**
 * A stored definition as the window reads it. The outbound proxy's password is kept apart,
 * encrypted, and shows only as set (••••) or not: it is written, never read back.
 */
export const integrationDefinitionViewSchema = integrationDefinitionSchema.extend({
  proxyPassword: maskedSecretSchema,
});
export type IntegrationDefinitionView = z.infer<typeof integrationDefinitionViewSchema>;

/** The proxy password to save with a definition: a string replaces it, null or "" clears it. */
export const proxyPasswordInputSchema = z.string().max(1_000).nullable().optional();

/**
 * Whether each configuration of this integration gives the base URL its requests go to. When not
 * (a fixed base URL, or Secrets only), a configuration's base URL is kept but not used, nor shown.
 */
export function isBaseUrlPerConfiguration(definition: IntegrationDefinition): boolean {
  return definition.protocol === 'rest' && definition.baseUrlMode === 'per_configuration';
}

/**
 * The fields a configuration of this integration fills: the credentials its authorization needs
 * (REST), or the custom fields (secrets only, where a password field is a secret).
 */
export function configurationFieldsOf(definition: IntegrationDefinition): CredentialField[] {
  if (definition.protocol === 'secrets') {
    return definition.customFields.map((field) => ({
      name: field.name,
      label: field.label,
      kind: field.type === 'password' ? 'secret' : 'text',
      isRequired: false,
    }));
  }
  return credentialFieldsFor(definition.auth);
}

/**
 * The names a configuration of this integration may keep among its secrets: every write-only
 * credential its authorization type declares, whatever the settings in force (they may change
 * while the secret stays), or, for a Secrets-only integration, the names of its own fields.
 */
export function secretNamesOf(definition: IntegrationDefinition): string[] {
  if (definition.protocol === 'secrets') return definition.customFields.map((field) => field.name);
  const declared = authTypeDescriptorOf(definition.auth.type).credentialFields.filter(isSecretField);
  return [...new Set(declared.map((field) => field.name))];
}
