/**
 * Set variables' inspector form: each variable's name and value with its remove button, and a
 * button to add one. Adding or removing a variable is an undo entry of its own, and the keyboard
 * keeps its place (useRowKeyboard).
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { maxAssignments } from '../../../../../shared/runbook/steps/setVariables';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';
import { useRowKeyboard } from './useRowKeyboard';

type SetVariablesStep = StepOf<'setVariables'>;

export function SetVariablesForm({ step, onChange }: StepFormProps<SetVariablesStep>): ReactElement {
  const keyboard = useRowKeyboard();
  const changeAssignment = (index: number, change: Partial<SetVariablesStep['assignments'][number]>) =>
    onChange({
      ...step,
      assignments: step.assignments.map((item, position) =>
        position === index ? { ...item, ...change } : item,
      ),
    });
  const addAssignment = () => {
    const name = `var${String(step.assignments.length + 1)}`;
    onChange({ ...step, assignments: [...step.assignments, { name, value: '' }] }, { isOwnUndoEntry: true });
    keyboard.focusAdded(step.assignments.length);
  };
  const removeAssignment = (index: number) => {
    onChange(
      { ...step, assignments: step.assignments.filter((_, position) => position !== index) },
      { isOwnUndoEntry: true },
    );
    keyboard.refocusAfterRemoval(index, step.assignments.length);
  };
  return (
    <>
      {step.assignments.map((assignment, index) => (
        <div key={index} className="rule removable-rule">
          <label className="inline-label">
            Variable {index + 1}
            <input
              id={keyboard.firstFieldId(index)}
              value={assignment.name}
              onChange={(event) => changeAssignment(index, { name: event.target.value })}
            />
          </label>
          <button
            type="button"
            id={keyboard.removeId(index)}
            className="icon-button"
            aria-label={`Remove variable ${String(index + 1)}`}
            onClick={() => removeAssignment(index)}
          >
            <Icon name="trash" />
          </button>
          <TemplateField
            label={`Variable ${String(index + 1)}: value`}
            value={assignment.value}
            onChange={(value) => changeAssignment(index, { value })}
          />
        </div>
      ))}
      <button
        id={keyboard.addId}
        type="button"
        className="button button-small"
        disabled={step.assignments.length >= maxAssignments}
        onClick={addAssignment}
      >
        <Icon name="plus" /> Add variable
      </button>
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
SetVariablesForm.partNames = {
  assignments: 'Variables',
  'assignments.#': 'Variable #',
  'assignments.#.value': 'Variable #: value',
} satisfies PartNames;
