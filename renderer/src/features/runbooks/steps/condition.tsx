/**
 * Condition's inspector form: how the rules combine, and each rule (value, operator, compared
 * with) with its remove button. Adding or removing a rule is an undo entry of its own, and the
 * keyboard keeps its place (useRowKeyboard).
 */
import type { ReactElement } from 'react';
import { conditionOperators, type ConditionRule, type StepOf } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { maxConditionRules } from '../../../../../shared/runbook/steps/condition';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';
import { useRowKeyboard } from './useRowKeyboard';

export function ConditionForm({ step, onChange }: StepFormProps<StepOf<'condition'>>): ReactElement {
  const keyboard = useRowKeyboard();
  const changeRule = (index: number, change: Partial<ConditionRule>) =>
    onChange({
      ...step,
      rules: step.rules.map((item, position) => (position === index ? { ...item, ...change } : item)),
    });
  const addRule = () => {
    onChange(
      { ...step, rules: [...step.rules, { left: '', operator: 'equals', right: '' }] },
      { isOwnUndoEntry: true },
    );
    keyboard.focusAdded(step.rules.length);
  };
  const removeRule = (index: number) => {
    onChange(
      { ...step, rules: step.rules.filter((_, position) => position !== index) },
      { isOwnUndoEntry: true },
    );
    keyboard.refocusAfterRemoval(index, step.rules.length);
  };
  return (
    <>
      <label className="inline-label">
        Combine
        <select
          value={step.combine}
          onChange={(event) => onChange({ ...step, combine: event.target.value === 'any' ? 'any' : 'all' })}
        >
          <option value="all">All rules hold</option>
          <option value="any">Any rule holds</option>
        </select>
      </label>
      {step.rules.map((rule, index) => (
        <div key={index} className="rule removable-rule">
          <TemplateField
            id={keyboard.firstFieldId(index)}
            label={`Rule ${String(index + 1)}: value`}
            value={rule.left}
            onChange={(left) => changeRule(index, { left })}
          />
          <button
            type="button"
            id={keyboard.removeId(index)}
            className="icon-button"
            aria-label={`Remove rule ${String(index + 1)}`}
            onClick={() => removeRule(index)}
          >
            <Icon name="trash" />
          </button>
          <select
            aria-label={`Rule ${String(index + 1)} operator`}
            value={rule.operator}
            onChange={(event) =>
              changeRule(index, { operator: event.target.value as (typeof conditionOperators)[number] })
            }
          >
            {conditionOperators.map((operator) => (
              <option key={operator} value={operator}>
                {operator}
              </option>
            ))}
          </select>
          <TemplateField
            label={`Rule ${String(index + 1)}: compared with`}
            value={rule.right}
            onChange={(right) => changeRule(index, { right })}
          />
        </div>
      ))}
      <button
        id={keyboard.addId}
        type="button"
        className="button button-small"
        disabled={step.rules.length >= maxConditionRules}
        onClick={addRule}
      >
        <Icon name="plus" /> Add rule
      </button>
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
ConditionForm.partNames = {
  combine: 'Combine',
  rules: 'Rules',
  'rules.#': 'Rule #',
  'rules.#.left': 'Rule #: value',
  'rules.#.operator': 'Rule # operator',
  'rules.#.right': 'Rule #: compared with',
} satisfies PartNames;
