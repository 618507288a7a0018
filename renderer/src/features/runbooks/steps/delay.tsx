/** Delay's inspector form: the seconds to wait (a template). */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';

export function DelayForm({ step, onChange }: StepFormProps<StepOf<'delay'>>): ReactElement {
  return (
    <TemplateField
      label="Seconds"
      value={step.seconds}
      onChange={(seconds) => onChange({ ...step, seconds })}
    />
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
DelayForm.partNames = { seconds: 'Seconds' } satisfies PartNames;
