/** The contract's calls for an integration's methods: edit, import (OpenAPI, cURL) and test them. */
import { z } from 'zod';
import { idSchema } from '../domain/integration';
import { boundedJsonSchema } from '../domain/jsonNesting';
import { limitedRecord, recordAsGiven } from '../domain/limitedRecord';
import {
  methodDefinitionSchema,
  savedMethodDefinitionSchema,
  testedMethodDefinitionSchema,
} from '../domain/method';
import { requestResultSchema } from '../domain/requestResult';
import { byId, call } from './callDefinition';

/** "Yes, keep the credential typed into this method's headers or query" (see methods.create). */
const confirmTypedCredentialSchema = z.boolean().default(false);
/** A variable a method is tested with: any JSON value, its text at most 1,000,000 characters. */
const testVariableSchema = boundedJsonSchema.refine(
  (value) => typeof value !== 'string' || value.length <= 1_000_000,
  'Too long: at most 1,000,000 characters.',
);

const methodSchema = z.object({
  id: idSchema,
  integrationId: idSchema,
  definition: methodDefinitionSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const methodCalls = {
  'methods.list': call({
    description: "An integration's methods.",
    input: z.object({ integrationId: idSchema }),
    output: z.array(methodSchema),
  }),
  'methods.get': call({ description: 'One method.', input: byId, output: methodSchema }),
  'methods.create': call({
    description:
      'Adds a method to an integration. An output variable whose expression does not parse is refused; ' +
      'a credential typed into a header or query value (not a {{variable}}) is kept only with ' +
      'confirmTypedCredential (else a conflict on that field).',
    input: z.object({
      integrationId: idSchema,
      definition: savedMethodDefinitionSchema,
      confirmTypedCredential: confirmTypedCredentialSchema,
    }),
    output: methodSchema,
  }),
  'methods.update': call({
    description:
      'Changes a method, refusing as methods.create does; only a typed credential the stored method ' +
      'does not already hold asks for confirmTypedCredential.',
    input: z.object({
      id: idSchema,
      definition: savedMethodDefinitionSchema,
      confirmTypedCredential: confirmTypedCredentialSchema,
    }),
    output: methodSchema,
  }),
  'methods.deletionImpact': call({
    description: 'The runbooks whose steps use a method, which stop working if it is deleted.',
    input: byId,
    output: z.object({ runbooks: z.array(z.object({ id: z.string(), name: z.string() })) }),
  }),
  'methods.delete': call({ description: 'Deletes a method.', input: byId, output: byId }),
  'methods.previewOpenApi': call({
    description:
      'Reads an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML, pasted or from a URL) and lists its ' +
      'operations as methods to pick. External $refs are never followed.',
    input: z.object({
      /** The document's text (JSON or YAML), or an http(s) URL to download it from. */
      source: z.string().trim().min(1, { message: 'Paste a document or a URL' }).max(6_000_000),
    }),
    output: z.object({
      title: z.string(),
      version: z.string(),
      baseUrl: z.string(),
      operations: z.array(
        z.object({ key: z.string(), summary: z.string(), definition: methodDefinitionSchema }),
      ),
    }),
  }),
  'methods.importMany': call({
    description: 'Adds the picked methods in one go; a name already taken gets a number.',
    input: z.object({
      integrationId: idSchema,
      definitions: z.array(savedMethodDefinitionSchema).min(1).max(2_000),
    }),
    output: z.object({ created: z.array(methodSchema) }),
  }),
  'methods.parseCurl': call({
    description: 'Reads a pasted cURL command into a method definition and its base URL.',
    input: z.object({ command: z.string().min(1).max(1_000_000) }),
    output: z.object({ definition: methodDefinitionSchema, baseUrl: z.string() }),
  }),
  'methods.test': call({
    description:
      "Sends a method (saved, or the editor's unsaved definition) through the same path a run uses. " +
      "Never fails: a failure is the result's error.",
    input: z.object({
      integrationId: idSchema,
      methodId: idSchema.nullable().default(null),
      definition: testedMethodDefinitionSchema,
      configurationId: idSchema.nullable().default(null),
      /**
       * By name: text, or a value with its own type as a run hands it to the method (a Test step's
       * Yes/no input as true, a number, a JSON input's object), so a JSON body is filled the same.
       */
      variables: recordAsGiven(limitedRecord(z.string().max(200), testVariableSchema, 500)).default({}),
      /**
       * An id the window gives this Test (a UUID): its waits for the rate limit are told by it
       * (the methods.testWaiting event), and methods.cancelTest cancels it.
       */
      testId: z.string().min(1).max(100).optional(),
    }),
    output: requestResultSchema,
  }),
  'methods.cancelTest': call({
    description:
      'Cancels a Test going, by the testId given to methods.test: one waiting for the rate limit gives ' +
      'up its place and sends nothing; its methods.test answers with the error "Cancelled…". ' +
      'wasGoing is false when no Test of that id is going (it ended already).',
    input: z.object({ testId: z.string().min(1).max(100) }),
    output: z.object({ wasGoing: z.boolean() }),
  }),
} as const;
