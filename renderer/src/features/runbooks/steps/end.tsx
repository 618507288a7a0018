/** End's inspector form: the outcome the run ends with, and its message. */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

export function EndForm({ step, onChange }: StepFormProps<StepOf<'end'>>): ReactElement {
  return (
    <>
      <label className="inline-label">
        Outcome
        <select
          value={step.outcome}
          onChange={(event) =>
            onChange({ ...step, outcome: event.target.value === 'failed' ? 'failed' : 'succeeded' })
          }
        >
          <option value="succeeded">Succeeded</option>
          <option value="failed">Failed</option>
        </select>
      </label>
      <TemplateField
        label="Message"
        value={step.message}
        onChange={(message) => onChange({ ...step, message })}
      />
    </>
  );
}
