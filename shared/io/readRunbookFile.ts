/**
 * Reads a runbook file (see runbookFile.ts) defensively, before anything is changed: a size
 * limit, JSON that parses, no `__proto__` key (nor `constructor`/`prototype` outside the user's
 * own names), bounded nesting, the right `format`, a `schemaVersion` this version knows (older
 * ones are migrated), bounded counts, every part valid against its schema, unique names and step
 * ids, and every reference — a step's method, a Run runbook step's runbook — present in the file.
 * Each refusal is an AppError saying what is wrong.
 */
import { z } from 'zod';
import { AppError } from '../api/appError';
import { findMalformedText } from '../api/wellFormedText';
import { withoutUserInfo } from '../domain/baseUrl';
import { integrationDetailsSchema } from '../domain/integration';
import { integrationDefinitionSchema } from '../domain/integrationDefinition';
import { maxJsonNesting } from '../domain/jsonNesting';
import { methodDefinitionSchema } from '../domain/method';
import { runbookDetailsSchema } from '../domain/runbook';
import { runbookGraphSchema, stepIdSchema } from '../runbook/runbookGraph';
import type { NamesInFile } from '../runbook/steps/stepReferences';
import { descriptorNamed } from '../runbook/steps/stepRegistry';
import { stepSchema } from '../runbook/stepTypes';
import { testCaseContentSchema } from '../rehearsal/testCase';

/** A file carries at most this many test cases (a runbook keeps as many). */
const maxTestCasesPerFile = 200;
import { textProblem, utf8ByteLength } from './exchangeText';
import {
  importStep,
  namesInStep,
  runbookFileFormat,
  runbookFileSchemaVersion,
  type ReferenceIds,
  type RunbookFile,
  type WrittenStep,
} from './runbookFile';

export const maxRunbookFileBytes = 4 * 1024 * 1024;
export const maxStepsPerRunbook = 10_000;
export const maxRunbooksPerFile = 100;
export const maxIntegrationsPerFile = 200;
export const maxMethodsPerFile = 5_000;

const refuse = (message: string, field?: string): never => {
  throw new AppError('invalid_input', `This file cannot be imported: ${message}`, field);
};

/** A key on the way to a field may be a name the user chose, of any length: cut it, as the calls do. */
const cutKey = (key: string) => (key.length > 60 ? `${key.slice(0, 60)}…` : key);

/** A schema's first issue as a refusal naming the field, e.g. "integrations.0.name: Name must be…". */
export const refuseIssue = (error: z.ZodError): never => {
  const issue = error.issues[0];
  const field = issue?.path.map((segment) => cutKey(String(segment))).join('.') ?? '';
  // A record's refused key: the key's own schema says why ("Invalid key in record" does not).
  const reason = issue?.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue?.message;
  return refuse(`${field || 'the file'}: ${reason ?? 'not valid'}.`, field || undefined);
};

/**
 * Text shown as one line wherever it appears (names, categories, tags, references by name), and
 * text that may run over lines (descriptions, notes); checked wherever these keys occur.
 */
const singleLineKeys = new Set([
  'name',
  'category',
  'tags',
  'versionLabel',
  'label',
  'integration',
  'runbook',
  'configurationName',
]);
const multiLineKeys = new Set(['description', 'notes']);

function inspectText(key: string, value: unknown, path: string): void {
  const isMultiline = multiLineKeys.has(key);
  if (!isMultiline && !singleLineKeys.has(key)) return;
  const texts = Array.isArray(value) ? value : [value];
  texts.forEach((text, index) => {
    if (typeof text !== 'string') return;
    const problem = textProblem(text, isMultiline);
    const at = Array.isArray(value) ? `${path}[${String(index)}]` : path;
    if (problem !== undefined)
      refuse(`${at.replace(/^the file\./, '')} ${problem}.`, at.replace(/^the file\./, ''));
  });
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Objects whose keys are names the user chose — runbook names and step ids in `layout` (two
 * levels), variable names in `arguments`, input names in `inputs`, claims in `extraClaims` — so a
 * runbook called "prototype" still imports. `__proto__` is refused even there.
 */
const nameRecords = new Map([
  ['layout', 2],
  ['arguments', 1],
  ['inputs', 1],
  ['extraClaims', 1],
  // A test case's outcome: outputs by step id, then by output name.
  ['outputs', 2],
]);

/**
 * Refuses dangerous keys and absurd nesting anywhere in the parsed document. Recursive, but it
 * refuses at level maxJsonNesting + 1 before going deeper, so the stack stays shallow.
 */
function inspect(value: unknown, depth: number, path: string, nameLevels = 0): void {
  if (depth > maxJsonNesting) refuse(`it nests deeper than ${String(maxJsonNesting)} levels (at ${path}).`);
  if (Array.isArray(value)) {
    value.forEach((item, index) => inspect(item, depth + 1, `${path}[${String(index)}]`));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || (nameLevels === 0 && forbiddenKeys.has(key)))
      refuse(`it contains the key "${key}" (at ${path}), which is never part of a runbook.`);
    const inner = nameLevels > 0 ? nameLevels - 1 : (nameRecords.get(key) ?? 0);
    const item = (value as Record<string, unknown>)[key];
    if (nameLevels === 0) inspectText(key, item, `${path}.${key}`);
    inspect(item, depth + 1, `${path}.${key}`, inner);
  }
}

/**
 * Refuses half of a UTF-16 surrogate pair anywhere in the parsed document, keys included: JSON may
 * write one as an escape ("\\ud800") in otherwise valid UTF-8, and it has no UTF-8 form, so the
 * database would keep U+FFFD in its place (a name other than the one checked, and a file the
 * app's own export of it would then refuse). The calls refuse such text the same way.
 */
function refuseMalformedText(document: unknown): void {
  const path = findMalformedText(document);
  if (path === undefined) return;
  const at = path.reduce<string>(
    (place, segment) =>
      typeof segment === 'number' ? `${place}[${String(segment)}]` : `${place}.${cutKey(segment)}`,
    '',
  );
  // The path ends at a string, or at the object one of whose keys holds the half character.
  const value = path.reduce<unknown>(
    (parent, segment) => (parent as Record<string, unknown>)[segment],
    document,
  );
  const field = at.replace(/^\./, '');
  const where = typeof value === 'string' ? field : field === '' ? 'a key' : `a key in ${field}`;
  refuse(
    `${where} holds half of a character (a lone UTF-16 surrogate, such as the escape \\ud800). Save it as well-formed Unicode text.`,
    field === '' ? undefined : field,
  );
}

/**
 * A runbook as a file carries it. Its details and graph are checked with the app's own schemas,
 * so what the preview accepts the import can store.
 */
const exportedRunbookSchema = runbookDetailsSchema.extend({
  inputs: runbookGraphSchema.shape.inputs,
  steps: z.array(z.looseObject({ id: stepIdSchema, type: z.string() })).max(maxStepsPerRunbook),
  edges: runbookGraphSchema.shape.edges,
});

/**
 * An integration as a file carries it (a runbook file's, or an integration file's). Its details
 * are checked with the schema the import stores them by — a name over its 100 characters is
 * refused here, naming the field, not by the database step after a preview that said yes. A
 * missing or blank category is "Other".
 */
export const exportedIntegrationSchema = integrationDetailsSchema
  .pick({ name: true, description: true, versionLabel: true })
  .extend({
    category: z.preprocess(
      (value) =>
        value === undefined || (typeof value === 'string' && value.trim() === '') ? 'Other' : value,
      integrationDetailsSchema.shape.category,
    ),
    definition: integrationDefinitionSchema.superRefine((definition, context) => {
      // A file written before such base URLs were refused, by hand, or by an older version.
      if (withoutUserInfo(definition.baseUrl) !== definition.baseUrl)
        context.addIssue({
          code: 'custom',
          path: ['baseUrl'],
          message:
            'the base URL holds a user name or password (before the @); take them out of the file and set them under Authorization once imported',
        });
    }),
    methods: z.array(methodDefinitionSchema).max(maxMethodsPerFile),
  });

const fileSchema = z.object({
  format: z.literal(runbookFileFormat),
  schemaVersion: z.number().int(),
  runbook: exportedRunbookSchema,
  runbooks: z.array(exportedRunbookSchema).max(maxRunbooksPerFile).default([]),
  integrations: z.array(exportedIntegrationSchema).max(maxIntegrationsPerFile).default([]),
  layout: z.record(z.string(), runbookGraphSchema.shape.positions).default({}),
  testCases: z.array(testCaseContentSchema).max(maxTestCasesPerFile).optional(),
});

/** Stand-ins for the ids a file's step will refer to, so its type's schema can check the rest. */
const checkedIds: ReferenceIds = {
  method: () => 'checked',
  runbook: () => 'checked',
  configuration: () => undefined,
};

/** Older files are brought up to today's schema, one version at a time (none yet). */
const migrations: Record<number, (file: Record<string, unknown>) => Record<string, unknown>> = {};

const nameKey = (name: string) => name.trim().toLocaleLowerCase('en');

/**
 * The checks every exchanged file passes first: size, JSON, no dangerous keys, bounded nesting,
 * the expected `format` and a `schemaVersion` this version reads. Returns the parsed document.
 */
export function readExchangeDocument(text: string, format: string, what: string): Record<string, unknown> {
  // The limit is in bytes, as the file's size says; a character may take up to 4 of them.
  const bytes = utf8ByteLength(text);
  if (bytes > maxRunbookFileBytes) {
    refuse(
      `it is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${String(maxRunbookFileBytes / 1024 / 1024)} MB are read.`,
    );
  }
  let parsed: unknown;
  try {
    // Windows editors may save a byte order mark ahead of the text.
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as unknown;
  } catch (error) {
    // Replacement characters or NULs: UTF-16 or a legacy code page, read as UTF-8.
    if (text.includes('\uFFFD') || text.includes('\u0000'))
      return refuse('it is not UTF-8 text. Save it as UTF-8 and try again.');
    return refuse(`it is not valid JSON (${(error as Error).message}).`);
  }
  inspect(parsed, 0, 'the file');
  refuseMalformedText(parsed);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return refuse(`it is not ${what}.`);
  const document = parsed as Record<string, unknown>;
  if (document.format !== format) {
    return refuse(`it is not ${what} (its format is ${JSON.stringify(document.format ?? null)}).`);
  }
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return refuse(`its schemaVersion ${JSON.stringify(version ?? null)} is unknown.`);
  }
  if (version > runbookFileSchemaVersion) {
    return refuse(
      `it was written by a newer Runbook Designer (file version ${String(version)}; this one reads up to ${String(runbookFileSchemaVersion)}). Update the app first.`,
    );
  }
  return document;
}

export function readRunbookFile(text: string): RunbookFile {
  let document = readExchangeDocument(text, runbookFileFormat, 'a Runbook Designer runbook file');
  const version = document.schemaVersion as number;
  for (let from = version; from < runbookFileSchemaVersion; from += 1) {
    const migrate = migrations[from];
    if (migrate === undefined) return refuse(`file version ${String(from)} cannot be migrated.`);
    document = { ...migrate(document), schemaVersion: from + 1 };
  }
  for (const runbook of [document.runbook, ...(Array.isArray(document.runbooks) ? document.runbooks : [])]) {
    const steps = (runbook as { steps?: unknown } | undefined)?.steps;
    if (Array.isArray(steps) && steps.length > maxStepsPerRunbook) {
      refuse(
        `a runbook in it has ${steps.length.toLocaleString('en')} steps; at most ${maxStepsPerRunbook.toLocaleString('en')} are allowed.`,
      );
    }
  }
  const result = fileSchema.safeParse(document);
  if (!result.success) return refuseIssue(result.error);
  const file = result.data;

  // Names are matched without case or surrounding spaces, so each must be unique that way.
  const refuseDuplicates = (names: string[], what: string) => {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(nameKey(name))) refuse(`it has two ${what} "${name}".`);
      seen.add(nameKey(name));
    }
  };
  refuseDuplicates(
    [file.runbook, ...file.runbooks].map((runbook) => runbook.name),
    'runbooks named',
  );
  refuseDuplicates(
    file.integrations.map((integration) => integration.name),
    'integrations named',
  );
  for (const integration of file.integrations) {
    refuseDuplicates(
      integration.methods.map((method) => method.name),
      `methods in "${integration.name}" named`,
    );
  }

  // Every reference must point at something the file carries.
  const methods = new Set(
    file.integrations.flatMap((integration) =>
      integration.methods.map((method) => `${nameKey(integration.name)}\u0000${nameKey(method.name)}`),
    ),
  );
  const runbooks = new Set([file.runbook, ...file.runbooks].map((runbook) => nameKey(runbook.name)));
  const refuseMissing = (runbookName: string, step: WrittenStep, names: NamesInFile) => {
    for (const reference of names.methods) {
      if (!methods.has(`${nameKey(reference.integration)}\u0000${nameKey(reference.name)}`)) {
        refuse(
          `step "${step.id}" of "${runbookName}" uses the method "${reference.name}" of "${reference.integration}", which the file does not contain.`,
        );
      }
    }
    for (const name of names.runbooks) {
      if (!runbooks.has(nameKey(name)))
        refuse(
          `step "${step.id}" of "${runbookName}" runs the runbook "${name}", which the file does not contain.`,
        );
    }
  };
  for (const runbook of [file.runbook, ...file.runbooks]) {
    const ids = new Set<string>();
    for (const step of runbook.steps) {
      if (ids.has(step.id)) refuse(`"${runbook.name}" has two steps with the id "${step.id}".`);
      ids.add(step.id);
      const invalid = (issue: z.core.$ZodIssue | undefined) =>
        refuse(
          `step "${step.id}" of "${runbook.name}" is not valid (${[issue?.path.join('.'), issue?.message].filter(Boolean).join(': ')}).`,
        );
      // The references by name first, then the step as it will become.
      const fileForm = descriptorNamed(step.type)?.references?.file;
      const references = fileForm?.referencesSchema.safeParse(step);
      if (references?.success === false) invalid(references.error.issues[0]);
      const checked = stepSchema.safeParse(importStep(step, checkedIds));
      if (!checked.success) invalid(checked.error.issues[0]);
      refuseMissing(runbook.name, step, namesInStep(step));
    }
    for (const edge of runbook.edges) {
      if (!ids.has(edge.from) || !ids.has(edge.to)) {
        refuse(`an edge of "${runbook.name}" joins a step that is not in it (${edge.from} → ${edge.to}).`);
      }
    }
  }
  return { ...file, format: runbookFileFormat, schemaVersion: runbookFileSchemaVersion } as RunbookFile;
}
