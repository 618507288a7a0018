/** Run runbook's inspector form: the runbook to run, by id. */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
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
