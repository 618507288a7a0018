/** The first line of a step's card: its type's label, and a detail after it when there is one. */
import type { ReactElement } from 'react';
import { stepTypes, type Step } from '../../../../../shared/runbook/stepTypes';

/** The type line of a step, e.g. "Execute method · Zendesk"; without a detail, just the label. */
export function StepTypeLine({ step, detail = '' }: { step: Step; detail?: string }): ReactElement {
  const label = stepTypes[step.type].label;
  const text = detail === '' ? label : `${label} · ${detail}`;
  return (
    <div className="step-type" title={detail === '' ? undefined : text}>
      {text}
    </div>
  );
}
