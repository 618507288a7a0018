/** Set variables (PRODUCT.md §4): sets {{vars.<name>}} from templates for the steps after it. */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { isVariableName, stepBaseFields, templateField, variableNameField } from './stepFields';

/** The most variables one step sets. */
export const maxAssignments = 100;

const setVariablesSchema = z.object({
  ...stepBaseFields,
  type: z.literal('setVariables'),
  assignments: z
    .array(z.object({ name: variableNameField, value: templateField }))
    .max(maxAssignments)
    .default([]),
});
export type SetVariablesStep = z.infer<typeof setVariablesSchema>;

export const setVariablesStep = defineStep<typeof setVariablesSchema>({
  type: 'setVariables',
  label: 'Set variables',
  description: 'Sets {{vars.x}} for later steps.',
  schema: setVariablesSchema,
  outgoing: ['next'],
  optional: [],
  newSettings: () => ({ assignments: [] }),
  templatesOf: (step) => step.assignments.map((assignment) => assignment.value),
  variablesSet: (step) => step.assignments.map((assignment) => assignment.name),
  // It records the variables it set as its outputs.
  variablesOfRecord: (outputs) => outputs,
  pin: {
    meaning: 'Designer runs set the pin’s outputs as the variables, without working out the values.',
    fields: [],
    requires: [],
    example: (step) => ({
      outputs: Object.fromEntries(step.assignments.map((assignment) => [assignment.name, ''])),
    }),
    fromRecord: (record) => ({ outputs: record.outputs }),
  },
  validate: (step) =>
    step.assignments
      .filter((assignment) => !isVariableName(assignment.name))
      .map((assignment) => ({
        stepId: step.id,
        message: `"${step.name}": "${assignment.name}" is not a variable name (letters, digits and _, not starting with a digit).`,
      })),
});
