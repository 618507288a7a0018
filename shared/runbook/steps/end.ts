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
  pin: {
    meaning: 'Designer runs end here with the pinned outcome and message instead of the step’s own.',
    fields: ['outcome', 'message'],
    requires: [],
    example: (step) => ({ outcome: step.outcome, message: '', outputs: {} }),
    fromRecord: (record) =>
      record.status === 'succeeded' || record.status === 'failed'
        ? {
            outcome: record.status,
            outputs: record.outputs,
            ...(record.runMessage === null ? {} : { message: record.runMessage }),
          }
        : 'Only an End the run finished at can be pinned.',
  },
});
