/** End's inspector form (the outcome the run ends with, and its message) and its card's type line. */
import type { ReactElement } from 'react';
import { stepTypes, type StepOf } from '../../../../../shared/runbook/stepTypes';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
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

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
EndForm.partNames = { outcome: 'Outcome', message: 'Message' } satisfies PartNames;

/**
 * The type line of an End's card: the outcome it ends the run with ("End · failed"), in the
 * outcome's colour, so a failure branch's End reads as one on the canvas.
 */
export function EndNodeSummary({ step }: { step: StepOf<'end'> }): ReactElement {
  const text = `${stepTypes.end.label} · ${step.outcome}`;
  return (
    <div
      className={`step-type end-outcome end-${step.outcome}`}
      title={step.message === '' ? text : `${text}: ${step.message}`}
    >
      {text}
    </div>
  );
}
