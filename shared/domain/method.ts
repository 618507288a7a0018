/**
 * A method is one HTTP request of an integration (PRODUCT.md §3). Every text field may hold
 * {{variables}}; output variables read the response with Halo syntax or JSONPath.
 */
import { z } from 'zod';
import { maxNameLength } from './firstFreeName';
import { savedText } from '../io/exchangeText';
import { trimmedText } from './integration';
import { authSettingsSchema } from '../auth/authTypeRegistry';
import { exampleResponseSchema } from '../rehearsal/rehearsal';

export const methodLimits = {
  nameMax: maxNameLength,
  descriptionMax: 5_000,
} as const;

export const httpMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export const keyValueRowSchema = z.object({
  key: z.string().max(500),
  value: z.string().max(100_000),
  description: z.string().max(2_000).default(''),
  isEnabled: z.boolean().default(true),
});
export type KeyValueRow = z.infer<typeof keyValueRowSchema>;

export const methodBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('json'), text: z.string().max(5_000_000) }),
  z.object({ kind: z.literal('form'), rows: z.array(keyValueRowSchema).max(500) }),
  z.object({ kind: z.literal('multipart'), rows: z.array(keyValueRowSchema).max(500) }),
  z.object({
    kind: z.literal('raw'),
    contentType: z.string().trim().max(200).default('text/plain'),
    text: z.string().max(5_000_000),
  }),
]);
export type MethodBody = z.infer<typeof methodBodySchema>;

export const outputVariableSchema = z.object({
  name: z
    .string()
    .regex(/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/, { message: 'Variable names are letters, digits and _' }),
  expression: z.string().trim().min(1, { message: 'Enter an expression' }).max(2_000),
});
export type OutputVariable = z.infer<typeof outputVariableSchema>;

const methodTexts = {
  name: trimmedText('Name', methodLimits.nameMax).min(1, { message: 'Name is required' }),
  description: z.string().max(methodLimits.descriptionMax, {
    message: `Description must be at most ${methodLimits.descriptionMax} characters`,
  }),
};

/**
 * A method's definition as stored and answered (read as it is, so a row saved before savedText
 * still lists), and as a Test sends it.
 */
export const methodDefinitionSchema = z.object({
  name: methodTexts.name,
  description: methodTexts.description.default(''),
  httpMethod: z.enum(httpMethods),
  path: z.string().trim().max(5_000).default(''),
  query: z.array(keyValueRowSchema).max(500).default([]),
  headers: z.array(keyValueRowSchema).max(500).default([]),
  body: methodBodySchema.default({ kind: 'none' }),
  authorization: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('inherit') }),
      z.object({ mode: z.literal('none') }),
      z.object({ mode: z.literal('override'), settings: authSettingsSchema }),
    ])
    .default({ mode: 'inherit' }),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** POST and PATCH are retried after a response only when the method says so. */
  isRetrySafe: z.boolean().default(false),
  outputs: z.array(outputVariableSchema).max(200).default([]),
  /** A dry run sends it even though its HTTP method may change something (e.g. a POST search). */
  isDryRunSafe: z.boolean().optional(),
  /** What a dry run answers with when it does not send this request (else 200 and no body). */
  exampleResponse: exampleResponseSchema.optional(),
});
export type MethodDefinition = z.infer<typeof methodDefinitionSchema>;

/** A definition as saved (a create, an edit, an import): its name and description as the import takes them. */
export const savedMethodDefinitionSchema = methodDefinitionSchema.extend({
  name: savedText(methodTexts.name, 'Name'),
  description: savedText(methodTexts.description, 'Description', true).default(''),
});

/**
 * A definition as Test sends it: the editor's draft, named or not. A method is named to be saved;
 * sending it needs no name.
 */
export const testedMethodDefinitionSchema = methodDefinitionSchema.extend({
  name: z.string().trim().max(methodLimits.nameMax),
});
