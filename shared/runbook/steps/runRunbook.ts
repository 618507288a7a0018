/**
 * Run runbook (PRODUCT.md §4): runs another runbook with inputs; its variables become this
 * step's outputs (which ones is known only when it has run). Exits success or failure. A
 * runbook file names the runbook it runs by name.
 */
import { z } from 'zod';
import { defineStep } from './stepDescriptor';
import {
  referenceField,
  stepBaseFields,
  templateGivenTo,
  templatesByNameField,
  timedStepFields,
} from './stepFields';

const runRunbookSchema = z.object({
  ...stepBaseFields,
  ...timedStepFields,
  type: z.literal('runRunbook'),
  runbookId: referenceField,
  /** The templates given the child's inputs, by input name ("__proto__" one like any other). */
  inputs: templatesByNameField.default({}),
});
export type RunRunbookStep = z.infer<typeof runRunbookSchema>;

/** How a runbook file writes the runbook it runs (runbookFile.ts). */
const writtenReferencesSchema = z.object({ runbook: z.string().max(200) });

/** What a Run runbook step's record keeps as its response: the run it started. */
export interface ChildRunRecord {
  childRunId: string;
}

export const runRunbookStep = defineStep<typeof runRunbookSchema>({
  type: 'runRunbook',
  label: 'Run runbook',
  description: 'Runs another runbook with inputs and takes its outputs.',
  schema: runRunbookSchema,
  outgoing: ['success', 'failure'],
  childRunOfRecord: (response) => {
    const childRunId = (response as Partial<ChildRunRecord> | null)?.childRunId;
    return typeof childRunId === 'string' ? childRunId : undefined;
  },
  pin: {
    meaning:
      'Designer runs run no child: the pin’s outputs stand in for its variables, and a status of 400 or more for a failed child.',
    fields: ['status'],
    requires: ['status'],
    example: () => ({ status: 200, outputs: {} }),
    fromRecord: (record) =>
      record.status === 'succeeded' || record.status === 'failed'
        ? { status: record.status === 'succeeded' ? 200 : 500, outputs: record.outputs }
        : 'Only a finished Run runbook step can be pinned.',
  },
  optional: ['failure'],
  newSettings: () => ({ runbookId: '', inputs: {} }),
  templatesOf: (step) => Object.values(step.inputs),
  outputsInScope: () => null,
  // A required input the step leaves empty fails the child's run at its start: said here first.
  // Empty as the engine reads it: the step's value, else the input's default (a value kept as ''
  // is passed as '', so the default does not stand in for it).
  validate: (step, { runbooks }) => {
    if (step.runbookId === '')
      return [{ stepId: step.id, message: `"${step.name}": choose a runbook to run.` }];
    const inputs = runbooks.inputsOf(step.runbookId);
    // Deleted since it was chosen: every run would fail at this step, and the export refuses it.
    if (inputs === undefined)
      return [
        { stepId: step.id, message: `"${step.name}" runs a runbook that no longer exists. Choose another.` },
      ];
    return inputs
      .filter(
        (input) =>
          input.isRequired && (templateGivenTo(step.inputs, input.name) ?? input.defaultValue) === '',
      )
      .map((input) => ({
        stepId: step.id,
        message: `"${step.name}": give "${input.name}" a value; the runbook it runs requires it.`,
      }));
  },
  references: {
    idsOf: (step) => ({ methodIds: [], runbookIds: [step.runbookId] }),
    file: {
      referencesSchema: writtenReferencesSchema,
      write: ({ runbookId, ...rest }, names) => ({ ...rest, runbook: names.runbook(runbookId) ?? '' }),
      read: (written, ids) => {
        const { runbook: _runbook, ...rest } = written;
        const { runbook } = writtenReferencesSchema.parse(written);
        return { ...rest, runbookId: ids.runbook(runbook) ?? '' };
      },
      namesIn: (written) => ({
        methods: [],
        runbooks: [writtenReferencesSchema.parse(written).runbook],
        configurations: [],
      }),
    },
  },
});
