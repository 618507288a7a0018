/** End (PRODUCT.md §4): ends the run as succeeded or failed, with a message; it has no exits. */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { stepBaseFields, templateField } from './stepFields';

const endSchema = z.object({
  ...stepBaseFields,
  type: z.literal('end'),
  outcome: z.enum(['succeeded', 'failed']).default('succeeded'),
  message: templateField.default(''),
});
export type EndStep = z.infer<typeof endSchema>;

export const endStep = defineStep<typeof endSchema>({
  type: 'end',
  label: 'End',
  description: 'Ends the run as succeeded or failed, with a message.',
  schema: endSchema,
  outgoing: [],
  optional: [],
  newSettings: () => ({ outcome: 'succeeded', message: '' }),
  templatesOf: (step) => [step.message],
});
