/** Condition's inspector form: how the rules combine, and each rule (value, operator, compared with). */
import type { ReactElement } from 'react';
import { conditionOperators, type ConditionRule, type StepOf } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { TemplateField } from '../TemplateField';
import type { StepFormProps } from './stepViews';

export function ConditionForm({ step, onChange }: StepFormProps<StepOf<'condition'>>): ReactElement {
  const changeRule = (index: number, change: Partial<ConditionRule>) =>
    onChange({
      ...step,
      rules: step.rules.map((item, position) => (position === index ? { ...item, ...change } : item)),
    });
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
        <div key={index} className="rule">
          <TemplateField
            label={`Rule ${String(index + 1)}: value`}
            value={rule.left}
            onChange={(left) => changeRule(index, { left })}
          />
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
        type="button"
        className="button button-small"
        onClick={() =>
          onChange({ ...step, rules: [...step.rules, { left: '', operator: 'equals', right: '' }] })
        }
      >
        <Icon name="plus" /> Add rule
      </button>
    </>
  );
}
