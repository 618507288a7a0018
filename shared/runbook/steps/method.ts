/**
 * Execute method (PRODUCT.md §4): sends one of an integration's methods with arguments, in a
 * configuration; later steps read the method's output variables. Exits success or failure. A
 * runbook file names its method by integration and method name, and a configuration it chose by
 * name.
 */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { withoutRehearsal } from '../../rehearsal/rehearsal';
import type { NamesInFile, ReferenceIds, ReferenceNames, WrittenStep } from './stepReferences';
import {
  referenceField,
  stepBaseFields,
  templateGivenTo,
  templatesByNameField,
  timedStepFields,
} from './stepFields';

/** Which configuration a method is sent with (Execute method, and a Wait for approval's Notify). */
export const methodConfigurationField = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('primary') }),
  z.object({ mode: z.literal('named'), configurationId: referenceField }),
  z.object({ mode: z.literal('client') }),
]);
export type MethodConfiguration = z.infer<typeof methodConfigurationField>;

const methodSchema = z.object({
  ...stepBaseFields,
  ...timedStepFields,
  type: z.literal('method'),
  methodId: referenceField,
  configuration: methodConfigurationField.default({ mode: 'primary' }),
  /** Method variable → template. */
  arguments: templatesByNameField.default({}),
});
export type MethodStep = z.infer<typeof methodSchema>;

/** How a runbook file writes the method and the configuration (runbookFile.ts). */
export const writtenMethodReferencesSchema = z.object({
  method: z.object({ integration: z.string().max(200), name: z.string().max(200) }),
  configuration: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('primary') }),
      z.object({ mode: z.literal('named'), configurationName: z.string().max(200) }),
      z.object({ mode: z.literal('client') }),
    ])
    .optional(),
});

/** A method and its configuration as a runbook file names them. */
export function writeMethodReference(
  sent: { methodId: string; configuration: MethodConfiguration },
  names: ReferenceNames,
): z.infer<typeof writtenMethodReferencesSchema> {
  const { methodId, configuration } = sent;
  return {
    method: names.method(methodId) ?? { integration: '', name: '' },
    configuration:
      configuration.mode === 'named'
        ? { mode: 'named', configurationName: names.configuration(configuration.configurationId) ?? '' }
        : configuration,
  };
}

/** A file's method and configuration as ids here; without that configuration here, the primary one. */
export function readMethodReference(
  written: unknown,
  ids: ReferenceIds,
): { methodId: string; configuration: MethodConfiguration } {
  const { method, configuration } = writtenMethodReferencesSchema.parse(written);
  const configurationId =
    configuration?.mode === 'named'
      ? ids.configuration(method.integration, configuration.configurationName)
      : undefined;
  return {
    methodId: ids.method(method.integration, method.name) ?? '',
    configuration:
      configuration?.mode === 'named'
        ? configurationId === undefined
          ? { mode: 'primary' }
          : { mode: 'named', configurationId }
        : (configuration ?? { mode: 'primary' }),
  };
}

/** What a file's method and configuration name (see StepFileForm.namesIn). */
export function methodNamesIn(written: unknown): NamesInFile {
  const { method, configuration } = writtenMethodReferencesSchema.parse(written);
  return {
    methods: [method],
    runbooks: [],
    configurations:
      configuration?.mode === 'named'
        ? [{ integration: method.integration, name: configuration.configurationName }]
        : [],
  };
}

/** The step as a runbook file holds it: method and configuration by name. */
function writeMethodStep(step: MethodStep, names: ReferenceNames): WrittenStep {
  const { methodId: _methodId, configuration: _configuration, ...rest } = step;
  return { ...rest, ...writeMethodReference(step, names) };
}

/** A file's step with the ids of its method and configuration here. */
function readMethodStep(written: WrittenStep, ids: ReferenceIds): Record<string, unknown> {
  const { method: _method, configuration: _configuration, ...rest } = written;
  return { ...rest, ...readMethodReference(written, ids) };
}

/** Every method step outputs the HTTP status of its answer beside the method's own outputs. */
const fixedMethodOutputs = { status: 'the HTTP status code of its answer' };

export const methodStep = defineStep<typeof methodSchema>({
  type: 'method',
  label: 'Execute method',
  description: 'Sends one of an integration’s methods.',
  schema: methodSchema,
  outgoing: ['success', 'failure'],
  optional: ['failure'],
  fixedOutputs: fixedMethodOutputs,
  recordIsItsCall: true,
  newSettings: () => ({ methodId: '', configuration: { mode: 'primary' }, arguments: {} }),
  templatesOf: (step) => Object.values(step.arguments),
  pin: {
    meaning:
      'Designer runs answer this step with its pinned status, outputs and response instead of sending its request.',
    fields: ['status', 'response'],
    requires: ['status'],
    example: () => ({ status: 200, outputs: {}, response: null }),
    fromRecord: (record) => {
      const { status, ...outputs } = record.outputs;
      if (typeof status !== 'number') return 'Only a step that got an HTTP response can be pinned.';
      return { status, outputs, response: withoutRehearsal(record.response) ?? null };
    },
  },
  // Its output variables, and the HTTP status of the answer, which every method step outputs.
  outputsInScope: (step, outputsOf) => {
    const names = outputsOf(step.methodId);
    return names === undefined ? null : new Set([...names, ...Object.keys(fixedMethodOutputs)]);
  },
  validate: (step, { methods }) => {
    if (step.methodId === '') return [{ stepId: step.id, message: `"${step.name}": choose a method.` }];
    const configurationIssues =
      step.configuration.mode === 'named' && step.configuration.configurationId === ''
        ? [{ stepId: step.id, message: `"${step.name}": choose a configuration.` }]
        : [];
    const variables = methods.variables(step.methodId);
    const issues =
      variables === undefined
        ? [{ stepId: step.id, message: `"${step.name}" runs a method that no longer exists.` }]
        : configurationIssues;
    for (const variable of variables ?? []) {
      if ((templateGivenTo(step.arguments, variable) ?? '').trim() === '') {
        issues.push({
          stepId: step.id,
          message: `"${step.name}" needs a value for the method's "${variable}".`,
        });
      }
    }
    return issues;
  },
  references: {
    idsOf: (step) => ({ methodIds: [step.methodId], runbookIds: [] }),
    withConfiguration: (step, configurationFor) => {
      if (step.configuration.mode !== 'primary') return step;
      const configurationId = configurationFor(step.methodId);
      return configurationId === undefined
        ? step
        : { ...step, configuration: { mode: 'named', configurationId } };
    },
    file: {
      referencesSchema: writtenMethodReferencesSchema,
      write: writeMethodStep,
      read: readMethodStep,
      namesIn: methodNamesIn,
    },
  },
});
