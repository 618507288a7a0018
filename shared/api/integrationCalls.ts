/** The contract's calls for integrations and their configurations; contract.ts lists them with all others. */
import { z } from 'zod';
import {
  configurationInputSchema,
  configurationSchema,
  configurationUpdateSchema,
} from '../domain/configuration';
import {
  idSchema,
  integrationDetailsSchema,
  integrationQuerySchema,
  integrationSchema,
  logoUploadSchema,
  integrationImportPlanSchema,
} from '../domain/integration';
import {
  integrationDefinitionViewSchema,
  proxyPasswordInputSchema,
  savedIntegrationDefinitionSchema,
} from '../domain/integrationDefinition';
import { byId, call, fileContentSchema } from './callDefinition';

export const integrationCalls = {
  'integrations.list': call({
    description: 'Integrations matching a search (name, description) and a category.',
    input: integrationQuerySchema,
    output: z.object({
      items: z.array(integrationSchema),
      total: z.number().int(),
      categories: z.array(z.string()),
    }),
  }),
  'integrations.get': call({
    description: 'One integration.',
    input: byId,
    output: integrationSchema,
  }),
  'integrations.create': call({
    description: 'Creates an integration; the logo is checked (PNG/JPEG/SVG, 512×512 px, 1 MB).',
    input: z.object({ details: integrationDetailsSchema, logo: logoUploadSchema.nullish() }),
    output: integrationSchema,
  }),
  'integrations.update': call({
    description: 'Changes an integration. logo: omitted keeps it, null removes it.',
    input: z.object({
      id: idSchema,
      details: integrationDetailsSchema,
      logo: logoUploadSchema.nullish(),
    }),
    output: integrationSchema,
  }),
  'integrations.deletionImpact': call({
    description: 'What deleting an integration would also delete, and the runbooks that use it.',
    input: byId,
    output: z.object({
      configurations: z.number().int(),
      methods: z.number().int(),
      runbooks: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  }),
  'integrations.delete': call({
    description: 'Deletes an integration with its configurations and methods.',
    input: byId,
    output: byId,
  }),
  'integrations.logo': call({
    description: "An integration's logo as a data URL, or null.",
    input: byId,
    output: z.object({ dataUrl: z.string().nullable() }),
  }),
  'integrations.definition': call({
    description:
      'How an integration connects: protocol, base URL, authorization, behaviour, prefix; the proxy password only as set or not.',
    input: byId,
    output: integrationDefinitionViewSchema,
  }),
  'integrations.updateDefinition': call({
    description:
      'Changes how an integration connects; the variable prefix must be unique. proxyPassword: a string replaces it, null or "" clears it, absent keeps it (forgotten when the proxy address changes). A password written into the proxy address (http://user:pass@host:3128) is taken out of it and stored as the proxy password.',
    input: z.object({
      id: idSchema,
      definition: savedIntegrationDefinitionSchema,
      proxyPassword: proxyPasswordInputSchema,
    }),
    output: integrationDefinitionViewSchema,
  }),
  'integrations.export': call({
    description:
      'The integration as a file: its definition and methods, never a configuration or secret; warnings name values typed into methods that look like credentials.',
    input: byId,
    output: z.object({ fileName: z.string(), content: z.string(), warnings: z.array(z.string()) }),
  }),
  'integrations.previewImport': call({
    description:
      'Reads an integration file and says what importing it would create or match; changes nothing.',
    input: z.object({ content: fileContentSchema }),
    output: integrationImportPlanSchema,
  }),
  'integrations.import': call({
    description:
      'Imports an integration file in one transaction: matched by name (missing methods added, none overwritten) or created without credentials.',
    input: z.object({ content: fileContentSchema }),
    output: z.object({ integrationId: z.string(), plan: integrationImportPlanSchema }),
  }),
  'integrations.callLog': call({
    description: 'Counts of calls through an integration (today, 7 days, total) and the latest calls.',
    input: z.object({ id: idSchema, limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({
      counts: z.object({ today: z.number().int(), lastSevenDays: z.number().int(), total: z.number().int() }),
      calls: z.array(
        z.object({
          id: z.number().int(),
          at: z.string(),
          httpMethod: z.string(),
          url: z.string(),
          status: z.number().int().nullable(),
          durationMs: z.number(),
          attempts: z.number().int(),
          error: z.string().nullable(),
          /** How long it waited for the integration's rate limit, in ms (0: not at all). */
          rateLimitWaitMs: z.number().int().min(0).default(0),
          /** The run that made the call; null for a Test. */
          runId: z.string().nullable(),
          /** Whether that run is still kept (a deleted run's calls stay in the log). */
          isRunKept: z.boolean(),
        }),
      ),
    }),
  }),
} as const;

export const configurationCalls = {
  'configurations.list': call({
    description: "An integration's configurations; secrets come back masked.",
    input: z.object({ integrationId: idSchema }),
    output: z.array(configurationSchema),
  }),
  'configurations.create': call({
    description:
      'Adds a configuration; the first one of an integration becomes primary. baseUrl is used only while the integration takes its base URL from each configuration, but is checked whatever the mode: an http(s) address, without a user name or password.',
    input: configurationInputSchema.extend({ integrationId: idSchema }),
    output: configurationSchema,
  }),
  'configurations.update': call({
    description:
      'Changes a configuration; a field left out keeps its value. Secrets: a string replaces, null or "" clears, absent keeps.',
    input: configurationUpdateSchema.extend({ id: idSchema }),
    output: configurationSchema,
  }),
  'configurations.setPrimary': call({
    description: 'Makes a configuration the primary one of its integration.',
    input: byId,
    output: configurationSchema,
  }),
  'configurations.delete': call({
    description: 'Deletes a configuration and its secrets.',
    input: byId,
    output: byId,
  }),
  'configurations.clearTokens': call({
    description: 'Forgets the cached OAuth/JWT tokens of a configuration; the next request gets new ones.',
    input: byId,
    output: z.object({ wasCleared: z.boolean() }),
  }),
} as const;
