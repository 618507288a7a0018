/** Start's inspector form: the runbook's inputs and its triggers (webhook, schedule). */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { InputsEditor } from '../InputsEditor';
import { TriggersEditor } from '../TriggersEditor';
import type { StepFormProps } from './stepViews';

export function StartForm({ step, onChange }: StepFormProps<StepOf<'start'>>): ReactElement {
  return (
    <>
      <InputsEditor />
      <TriggersEditor step={step} onChange={onChange} />
    </>
  );
}
