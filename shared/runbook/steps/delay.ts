/** Delay (PRODUCT.md §4): waits a number of seconds (a template), then goes on. */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import { stepBaseFields, templateField, timedStepFields } from './stepFields';

const delaySchema = z.object({
  ...stepBaseFields,
  ...timedStepFields,
  type: z.literal('delay'),
  seconds: templateField.default('1'),
});
export type DelayStep = z.infer<typeof delaySchema>;

export const delayStep = defineStep<typeof delaySchema>({
  type: 'delay',
  label: 'Delay',
  description: 'Waits a number of seconds.',
  schema: delaySchema,
  outgoing: ['next'],
  optional: [],
  newSettings: () => ({ seconds: '1' }),
  templatesOf: (step) => [step.seconds],
  // What its record shows and its executor returns: later steps may read it.
  outputsInScope: () => new Set(['seconds']),
  pin: {
    meaning: 'Designer runs do not wait: the step goes on at once with the pinned outputs.',
    fields: [],
    requires: [],
    example: () => ({ outputs: { seconds: 0 } }),
    fromRecord: (record) => ({ outputs: record.outputs }),
  },
  // Emptied, the field would read as 0: the run would go on without waiting.
  validate: (step) =>
    step.seconds.trim() === ''
      ? [{ stepId: step.id, message: `"${step.name}": give the seconds to wait (0 to 86400).` }]
      : [],
});
