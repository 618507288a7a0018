/**
 * Reads a runbook file (see runbookFile.ts) defensively, before anything is changed: the checks
 * of every exchanged file first (exchangeDocument.ts: size, JSON, keys, nesting, `format`,
 * `schemaVersion`), older versions migrated, then bounded counts, every part valid against its schema, unique names and step
 * ids, and every reference — a step's method, a Run runbook step's runbook — present in the file.
 * Each refusal is an AppError saying what is wrong.
 */
import { z } from 'zod';
import type { AuthSettings } from '../auth/authTypeRegistry';
import { settingsUserInfoProblem } from '../auth/settingsUserInfo';
import { baseUrlProblem, withoutUserInfo } from '../domain/baseUrl';
import { integrationDetailsSchema } from '../domain/integration';
import { savedIntegrationDefinitionSchema } from '../domain/integrationDefinition';
import { savedMethodDefinitionSchema, type MethodDefinition } from '../domain/method';
import { firstOutputVariableProblem } from '../expressions/outputVariableProblem';
import { runbookDetailsSchema } from '../domain/runbook';
import { runbookGraphSchema, stepIdSchema } from '../runbook/runbookGraph';
import type { NamesInFile } from '../runbook/steps/stepReferences';
import { descriptorNamed } from '../runbook/steps/stepRegistry';
import { stepSchema } from '../runbook/stepTypes';
import { testCaseContentSchema } from '../rehearsal/testCase';
import { fileTestCasesProblem } from '../rehearsal/testCaseTravel';
import { readExchangeDocument, refuseFile, refuseIssue } from './exchangeDocument';
import {
  importStep,
  namesInStep,
  runbookFileFormat,
  runbookFileSchemaVersion,
  type ReferenceIds,
  type RunbookFile,
  type WrittenStep,
} from './runbookFile';
import { countText } from '../domain/countText';

/** A file carries at most this many test cases (a runbook keeps as many). */
const maxTestCasesPerFile = 200;
export const maxStepsPerRunbook = 10_000;
export const maxRunbooksPerFile = 100;
export const maxIntegrationsPerFile = 200;
export const maxMethodsPerFile = 5_000;

/**
 * A runbook as a file carries it. Its details and graph are checked with the app's own schemas,
 * so what the preview accepts the import can store.
 */
const exportedRunbookSchema = runbookDetailsSchema.extend({
  inputs: runbookGraphSchema.shape.inputs,
  steps: z.array(z.looseObject({ id: stepIdSchema, type: z.string() })).max(maxStepsPerRunbook),
  edges: runbookGraphSchema.shape.edges,
});

/** An output variable that does not parse, refused as saving the method refuses it: it would read nothing on every run. */
function refuseUnreadableOutput(method: MethodDefinition, context: z.RefinementCtx): void {
  const problem = firstOutputVariableProblem(method.outputs);
  if (problem !== undefined)
    context.addIssue({
      code: 'custom',
      path: ['outputs', problem.index, 'expression'],
      message: problem.message.replace(/\.$/, ''),
    });
}

/**
 * An authorization setting's address with a user name or password (a token URL), refused as the
 * Connection tab and the method's settings refuse it: it would be exported again in clear.
 */
function refuseSettingsUserInfo(settings: AuthSettings, at: string[], context: z.RefinementCtx): void {
  const problem = settingsUserInfoProblem(settings);
  if (problem !== undefined)
    context.addIssue({
      code: 'custom',
      path: [...at, ...problem.path.split('.')],
      message: problem.message.replace(/\.$/, ''),
    });
}

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
    definition: savedIntegrationDefinitionSchema.superRefine((definition, context) => {
      refuseSettingsUserInfo(definition.auth, ['auth'], context);
      // A file written before such base URLs were refused, by hand, or by an older version.
      if (withoutUserInfo(definition.baseUrl) !== definition.baseUrl)
        context.addIssue({
          code: 'custom',
          path: ['baseUrl'],
          message:
            "the base URL holds a user name or password (before the @), which run records and the call log would show; take them out of the file and, once it is imported, give them as a configuration's Username and Password (Basic authorization)",
        });
      // One the Connection tab would refuse (file:///etc/passwd, javascript:…): no request could use it.
      else if (definition.protocol === 'rest' && definition.baseUrlMode === 'fixed') {
        const problem = baseUrlProblem(definition.baseUrl, 'integration');
        if (problem !== undefined)
          context.addIssue({
            code: 'custom',
            path: ['baseUrl'],
            message: problem.message.replace(/[.?]$/, ''),
          });
      }
    }),
    methods: z
      .array(
        savedMethodDefinitionSchema.superRefine(refuseUnreadableOutput).superRefine((method, context) => {
          if (method.authorization.mode === 'override')
            refuseSettingsUserInfo(method.authorization.settings, ['authorization', 'settings'], context);
        }),
      )
      .max(maxMethodsPerFile),
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

/** A step type as a refusal shows it: quoted, escaped and cut (the file may say anything there). */
const quotedType = (type: string) => JSON.stringify(type.length > 40 ? `${type.slice(0, 40)}…` : type);

export function readRunbookFile(text: string): RunbookFile {
  let document = readExchangeDocument(text, runbookFileFormat, 'a Runbook Designer runbook file');
  const version = document.schemaVersion as number;
  for (let from = version; from < runbookFileSchemaVersion; from += 1) {
    const migrate = migrations[from];
    if (migrate === undefined) return refuseFile(`file version ${String(from)} cannot be migrated.`);
    document = { ...migrate(document), schemaVersion: from + 1 };
  }
  for (const runbook of [document.runbook, ...(Array.isArray(document.runbooks) ? document.runbooks : [])]) {
    const steps = (runbook as { steps?: unknown } | undefined)?.steps;
    if (Array.isArray(steps) && steps.length > maxStepsPerRunbook) {
      refuseFile(
        `a runbook in it has ${countText(steps.length)} steps; at most ${countText(maxStepsPerRunbook)} are allowed.`,
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
      if (seen.has(nameKey(name))) refuseFile(`it has two ${what} "${name}".`);
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
  // An empty name is a reference not chosen yet in the draft exported: the step reads back unchosen.
  const refuseMissing = (runbookName: string, step: WrittenStep, names: NamesInFile) => {
    for (const reference of names.methods) {
      const isChosen = reference.integration !== '' || reference.name !== '';
      if (isChosen && !methods.has(`${nameKey(reference.integration)}\u0000${nameKey(reference.name)}`)) {
        refuseFile(
          `step "${step.id}" of "${runbookName}" uses the method "${reference.name}" of "${reference.integration}", which the file does not contain.`,
        );
      }
    }
    for (const name of names.runbooks) {
      if (name !== '' && !runbooks.has(nameKey(name)))
        refuseFile(
          `step "${step.id}" of "${runbookName}" runs the runbook "${name}", which the file does not contain.`,
        );
    }
  };
  for (const runbook of [file.runbook, ...file.runbooks]) {
    const ids = new Set<string>();
    for (const step of runbook.steps) {
      if (ids.has(step.id)) refuseFile(`"${runbook.name}" has two steps with the id "${step.id}".`);
      ids.add(step.id);
      const invalid = (issue: z.core.$ZodIssue | undefined) =>
        refuseFile(
          `step "${step.id}" of "${runbook.name}" is not valid (${[issue?.path.join('.'), issue?.message].filter(Boolean).join(': ')}).`,
        );
      // A type a newer version added (or a typo): said in words, not as the union's discriminator.
      const descriptor = descriptorNamed(step.type);
      if (descriptor === undefined)
        refuseFile(
          `step "${step.id}" of "${runbook.name}" is of the type ${quotedType(step.type)}, which this version of Runbook Designer does not know. A newer version may have written the file: update the app, or ask for a file without such steps.`,
        );
      // The references by name first, then the step as it will become.
      const fileForm = descriptor?.references?.file;
      const references = fileForm?.referencesSchema.safeParse(step);
      if (references?.success === false) invalid(references.error.issues[0]);
      const checked = stepSchema.safeParse(importStep(step, checkedIds));
      if (!checked.success) invalid(checked.error.issues[0]);
      refuseMissing(runbook.name, step, namesInStep(step));
    }
    for (const edge of runbook.edges) {
      if (!ids.has(edge.from) || !ids.has(edge.to)) {
        refuseFile(
          `an edge of "${runbook.name}" joins a step that is not in it (${edge.from} → ${edge.to}).`,
        );
      }
    }
  }
  const testCasesProblem = fileTestCasesProblem(file.testCases ?? [], file.runbook.steps);
  if (testCasesProblem !== undefined) refuseFile(testCasesProblem);
  return { ...file, format: runbookFileFormat, schemaVersion: runbookFileSchemaVersion } as RunbookFile;
}
