/**
 * Switch's inspector form: the value to switch on, and its cases — each the value it must equal
 * to take that case's exit, with its remove button beside it. Removing a case removes its edge
 * too; `default` is taken otherwise. Adding or removing a case is an undo entry of its own, and
 * the keyboard keeps its place: in the new case's field, or on the remove button of the case now
 * in the removed one's place (else the one before, else Add case).
 */
import { useId, useRef, type ReactElement } from 'react';
import type { StepOf } from '../../../../../shared/runbook/stepTypes';
import { maxSwitchCases, nextCaseId } from '../../../../../shared/runbook/steps/switch';
import { refocusWhenLost } from '../../../app/focusReturn';
import { Icon } from '../../../app/icons';
import { TemplateField } from '../TemplateField';
import type { PartNames } from '../../../app/refusalPlace';
import type { StepFormProps } from './stepViews';

export function SwitchForm({ step, onChange }: StepFormProps<StepOf<'switch'>>): ReactElement {
  const idPrefix = useId();
  // By the case's id, which stays while cases before it come and go.
  const fieldId = (caseId: string) => `${idPrefix}-equals-${caseId}`;
  const removeId = (caseId: string) => `${idPrefix}-remove-${caseId}`;
  const addButton = useRef<HTMLButtonElement>(null);
  const changeCase = (index: number, equals: string) =>
    onChange({
      ...step,
      cases: step.cases.map((item, position) => (position === index ? { ...item, equals } : item)),
    });
  const addCase = () => {
    const id = nextCaseId(step.cases);
    onChange({ ...step, cases: [...step.cases, { id, equals: '' }] }, { isOwnUndoEntry: true });
    requestAnimationFrame(() => document.getElementById(fieldId(id))?.focus());
  };
  const removeCase = (index: number) => {
    const removed = step.cases[index];
    if (removed === undefined) return;
    const after = step.cases[index + 1];
    const before = step.cases[index - 1];
    // The store drops the case's edge with it (its exit is gone): one undo entry.
    onChange(
      { ...step, cases: step.cases.filter((_, position) => position !== index) },
      { isOwnUndoEntry: true },
    );
    // As a removed input's: the keyboard goes on from the case now in its place, else the one
    // before, else Add case — on a button, where Ctrl+Z undoes the removal (in a field it is the
    // field's own undo).
    refocusWhenLost(() => {
      if (document.getElementById(removeId(removed.id)) !== null) return null; // not drawn yet
      const next = after ?? before;
      return (next === undefined ? null : document.getElementById(removeId(next.id))) ?? addButton.current;
    });
  };
  return (
    <>
      <TemplateField label="Value" value={step.value} onChange={(value) => onChange({ ...step, value })} />
      <p className="hint">
        The run takes the first case the value equals (numbers as numbers), or <strong>default</strong>.
      </p>
      {step.cases.map((switchCase, index) => (
        <div key={switchCase.id} className="rule switch-case">
          <TemplateField
            id={fieldId(switchCase.id)}
            label={`Case ${String(index + 1)} equals`}
            value={switchCase.equals}
            onChange={(equals) => changeCase(index, equals)}
          />
          <button
            type="button"
            id={removeId(switchCase.id)}
            className="icon-button"
            aria-label={`Remove case ${String(index + 1)}`}
            onClick={() => removeCase(index)}
          >
            <Icon name="trash" />
          </button>
        </div>
      ))}
      <button
        ref={addButton}
        type="button"
        className="button button-small"
        disabled={step.cases.length >= maxSwitchCases}
        onClick={addCase}
      >
        <Icon name="plus" /> Add case
      </button>
    </>
  );
}

/** Its fields as it labels them, by path in the step: what a refused save names (draftRefusal.ts). */
SwitchForm.partNames = {
  value: 'Value',
  cases: 'Cases',
  'cases.#': 'Case #',
  'cases.#.equals': 'Case # equals',
} satisfies PartNames;
