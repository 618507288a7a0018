/**
 * For each (PRODUCT.md §4): runs its "body" branch once per element of an array, the element
 * read there as {{<itemVariable>}}, then exits "done".
 */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { isVariableName, stepBaseFields, templateField, variableNameField } from './stepFields';

const forEachSchema = z.object({
  ...stepBaseFields,
  type: z.literal('forEach'),
  items: templateField,
  itemVariable: variableNameField.default('item'),
});
export type ForEachStep = z.infer<typeof forEachSchema>;

/**
 * The first names of the run's own variables ({{inputs.x}}, {{steps.…}}, …): an item named so
 * would hide them all inside the body, where {{inputs.x}} would read the item's x.
 */
const variableRoots = new Set(['inputs', 'steps', 'vars', 'trigger', 'config', 'client', 'approval']);

function itemNameProblem(step: ForEachStep): string | null {
  if (!isVariableName(step.itemVariable))
    return `"${step.name}": "${step.itemVariable}" is not a variable name for the item (letters, digits and _, not starting with a digit).`;
  if (variableRoots.has(step.itemVariable))
    return `"${step.name}": "${step.itemVariable}" already names {{${step.itemVariable}.…}}; give the item another name.`;
  return null;
}

export const forEachStep = defineStep<typeof forEachSchema>({
  type: 'forEach',
  label: 'For each',
  description: 'Runs its body branch once per element of an array.',
  schema: forEachSchema,
  outgoing: ['body', 'done'],
  optional: [],
  newSettings: () => ({ items: '', itemVariable: 'item' }),
  templatesOf: (step) => [step.items],
  loopItemOf: (step) => step.itemVariable,
  // What its records hold: on each pass into the body the item and its index, once done the count.
  outputsInScope: () => new Set(['count', 'index', 'item']),
  pin: {
    meaning:
      'Designer runs skip the loop’s body: the step goes straight to its "done" exit with the pinned outputs, and sets the pinned vars as the body would have.',
    fields: ['vars'],
    requires: [],
    example: () => ({ outputs: { count: 0 }, vars: {} }),
    fromRecord: (record) =>
      'count' in record.outputs
        ? { outputs: record.outputs }
        : 'This record is one pass through the loop; pin the step’s last record, the one the loop ended with.',
  },
  validate: (step) => {
    const problem = itemNameProblem(step);
    return problem === null ? [] : [{ stepId: step.id, message: problem }];
  },
});
