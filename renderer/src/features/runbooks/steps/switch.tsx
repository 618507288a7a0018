/**
 * Switch's inspector form: the value to switch on, and its cases — each the value it must equal
 * to take that case's exit. Removing a case removes its edge too; `default` is taken otherwise.
 */
import type { ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { caseExit, maxSwitchCases, nextCaseId } from '../../../../../shared/runbook/steps/switch';
import { Icon } from '../../../app/icons';
import { useDesignerStore } from '../designerStore';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

export function SwitchForm({ step, onChange }: StepFormProps<StepOf<'switch'>>): ReactElement {
  const changeCase = (index: number, equals: string) =>
    onChange({
      ...step,
      cases: step.cases.map((item, position) => (position === index ? { ...item, equals } : item)),
    });
  const removeCase = (index: number) => {
    const removed = step.cases[index];
    onChange({ ...step, cases: step.cases.filter((_, position) => position !== index) });
    if (removed !== undefined) useDesignerStore.getState().disconnect(step.id, caseExit(removed));
  };
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
          onChange({ ...step, cases: [...step.cases, { id: nextCaseId(step.cases), equals: '' }] })
        }
      >
        <Icon name="plus" /> Add case
      </button>
    </>
  );
}
