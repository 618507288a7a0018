/**
 * Execute method (PRODUCT.md §4): sends one of an integration's methods with arguments, in a
 * configuration; later steps read the method's output variables. Exits success or failure.
 */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { referenceField, stepBaseFields, templatesByNameField, timedStepFields } from './stepFields';

const methodSchema = z.object({
  ...stepBaseFields,
  ...timedStepFields,
  type: z.literal('method'),
  methodId: referenceField,
  configuration: z
    .discriminatedUnion('mode', [
      z.object({ mode: z.literal('primary') }),
      z.object({ mode: z.literal('named'), configurationId: referenceField }),
      z.object({ mode: z.literal('client') }),
    ])
    .default({ mode: 'primary' }),
  /** Method variable → template. */
  arguments: templatesByNameField.default({}),
});
export type MethodStep = z.infer<typeof methodSchema>;

export const methodStep = defineStep<typeof methodSchema>({
  type: 'method',
  label: 'Execute method',
  description: 'Sends one of an integration’s methods.',
  schema: methodSchema,
  outgoing: ['success', 'failure'],
  optional: ['failure'],
  newSettings: () => ({ methodId: '', configuration: { mode: 'primary' }, arguments: {} }),
  templatesOf: (step) => Object.values(step.arguments),
  // Its output variables, and the HTTP status of the answer, which every method step outputs.
  outputsInScope: (step, outputsOf) => {
    const names = outputsOf(step.methodId);
    return names === undefined ? null : new Set([...names, 'status']);
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
      if ((step.arguments[variable] ?? '').trim() === '') {
        issues.push({
          stepId: step.id,
          message: `"${step.name}" needs a value for the method's "${variable}".`,
        });
      }
    }
    return issues;
  },
});
