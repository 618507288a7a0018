/**
 * Configurations (PRODUCT.md §2): the values one integration runs with. Secret values are
 * write-only: they go in as text and come back only as a mask and a `set` flag.
 */
import { z } from 'zod';
import { credentialNamesSchema } from '../auth/credentialNamesSchema';
import { savedText } from '../io/exchangeText';
import { idSchema } from './integration';
import { limitedRecord } from './limitedRecord';
import { rateLimitsSchema } from './rateLimits';

export const secretMask = '••••';

export const configurationLimits = {
  nameMax: 100,
  clientNameMax: 100,
} as const;

const fieldName = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/, { message: 'Field names are letters, digits and _' });

/** Plain values by name; `GET /api` lists the names each authorization type reads (as for secrets). */
const valuesSchema = limitedRecord(fieldName, z.string().max(10_000), 200).meta(
  credentialNamesSchema('values'),
);

/** Plain values plus secrets to write: a string replaces the secret, null clears it. */
export const configurationInputSchema = z.object({
  /** Chosen by name in a runbook file's Execute method steps, so held to a name's rule (savedText). */
  name: savedText(
    z.string().trim().min(1, { message: 'Name is required' }).max(configurationLimits.nameMax),
    'Name',
  ),
  clientName: z.string().trim().max(configurationLimits.clientNameMax).default(''),
  baseUrl: z.string().trim().max(2_000).default(''),
  values: valuesSchema.default({}),
  secrets: limitedRecord(fieldName, z.string().max(20_000).nullable(), 200)
    .meta(credentialNamesSchema('secrets'))
    .default({}),
  /** The configuration's own rate limits, applied together with the integration's; null: none. */
  rateLimits: rateLimitsSchema.nullable().optional(),
});
export type ConfigurationInput = z.infer<typeof configurationInputSchema>;

/**
 * A change to a configuration: what is left out stays as it is (values are replaced as a whole
 * when given); secrets: a string replaces, null or "" clears, absent keeps.
 */
export const configurationUpdateSchema = z.object({
  name: configurationInputSchema.shape.name.optional(),
  clientName: z.string().trim().max(configurationLimits.clientNameMax).optional(),
  baseUrl: z.string().trim().max(2_000).optional(),
  values: valuesSchema.optional(),
  secrets: configurationInputSchema.shape.secrets,
  /** null clears them, absent keeps them. */
  rateLimits: rateLimitsSchema.nullable().optional(),
});
export type ConfigurationUpdate = z.infer<typeof configurationUpdateSchema>;

export const maskedSecretSchema = z.object({
  set: z.boolean(),
  masked: z.union([z.literal(secretMask), z.literal('')]),
});
export type MaskedSecret = z.infer<typeof maskedSecretSchema>;

export const configurationSchema = z.object({
  id: idSchema,
  integrationId: idSchema,
  name: z.string(),
  clientName: z.string(),
  baseUrl: z.string(),
  isPrimary: z.boolean(),
  values: z.record(z.string(), z.string()),
  secrets: z.record(z.string(), maskedSecretSchema),
  /** Its own rate limits; absent when it sets none. */
  rateLimits: rateLimitsSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Configuration = z.infer<typeof configurationSchema>;
