/**
 * Switch's inspector form: the value to switch on, and its cases — each the value it must equal
 * to take that case's exit. Removing a case removes its edge too; `default` is taken otherwise.
 * Adding or removing a case is an undo entry of its own.
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { maxSwitchCases, nextCaseId } from '../../../../../shared/runbook/steps/switch';
import { Icon } from '../../../app/icons';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

export function SwitchForm({ step, onChange }: StepFormProps<StepOf<'switch'>>): ReactElement {
  const changeCase = (index: number, equals: string) =>
    onChange({
      ...step,
      cases: step.cases.map((item, position) => (position === index ? { ...item, equals } : item)),
    });
  // The store drops the removed case's edge with it (its exit is gone): one undo entry.
  const removeCase = (index: number) =>
    onChange(
      { ...step, cases: step.cases.filter((_, position) => position !== index) },
      { isOwnUndoEntry: true },
    );
  return (
    <>
      <TemplateField label="Value" value={step.value} onChange={(value) => onChange({ ...step, value })} />
      <p className="hint">
        The run takes the first case the value equals (numbers as numbers), or <strong>default</strong>.
      </p>
      {step.cases.map((switchCase, index) => (
        <div key={switchCase.id} className="rule">
          <TemplateField
            label={`Case ${String(index + 1)} equals`}
            value={switchCase.equals}
            onChange={(equals) => changeCase(index, equals)}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove case ${String(index + 1)}`}
            onClick={() => removeCase(index)}
          >
            <Icon name="trash" />
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        disabled={step.cases.length >= maxSwitchCases}
        onClick={() =>
          onChange(
            { ...step, cases: [...step.cases, { id: nextCaseId(step.cases), equals: '' }] },
            { isOwnUndoEntry: true },
          )
        }
      >
        <Icon name="plus" /> Add case
      </button>
    </>
  );
}
