/** Run runbook's inspector form: the runbook to run, by id. */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';

export function RunRunbookForm({ step, onChange }: StepFormProps<StepOf<'runRunbook'>>): ReactElement {
  return (
    <TemplateField
      label="Runbook id"
      value={step.runbookId}
      onChange={(runbookId) => onChange({ ...step, runbookId })}
    />
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
RunRunbookForm.partNames = { runbookId: 'Runbook id', inputs: 'Runbook inputs' } satisfies PartNames;
