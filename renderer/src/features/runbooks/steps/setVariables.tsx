/** Set variables' inspector form: each variable's name and value, and a button to add one. */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

type SetVariablesStep = StepOf<'setVariables'>;

export function SetVariablesForm({ step, onChange }: StepFormProps<SetVariablesStep>): ReactElement {
  const changeAssignment = (index: number, change: Partial<SetVariablesStep['assignments'][number]>) =>
    onChange({
      ...step,
      assignments: step.assignments.map((item, position) =>
        position === index ? { ...item, ...change } : item,
      ),
    });
  return (
    <>
      {step.assignments.map((assignment, index) => (
        <div key={index} className="rule">
          <label className="inline-label">
            Variable {index + 1}
            <input
              value={assignment.name}
              onChange={(event) => changeAssignment(index, { name: event.target.value })}
            />
          </label>
          <TemplateField
            label="Value"
            value={assignment.value}
            onChange={(value) => changeAssignment(index, { value })}
          />
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          onChange({
            ...step,
            assignments: [
              ...step.assignments,
              { name: `var${String(step.assignments.length + 1)}`, value: '' },
            ],
          })
        }
      >
        <Icon name="plus" /> Add variable
      </button>
    </>
  );
}
