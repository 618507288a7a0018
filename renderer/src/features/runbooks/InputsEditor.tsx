/** The runbook's inputs, edited on the Start step: name, type, required, default; added and removed. */
import { useId, useRef, type ReactElement } from 'react';
import {
  runbookInputTypeLabels,
  runbookInputTypes,
  type RunbookInput,
} from '../../../../shared/runbook/runbookGraph';
import { refocusWhenLost } from '../../app/focusReturn';
import { Icon } from '../../app/icons';
import { yesNoDefaultChoices } from '../runs/inputValueText';
import { useDesignerStore, type StepEditOptions } from './designerStore';

const noInputs: RunbookInput[] = [];
const selectInputs = (state: ReturnType<typeof useDesignerStore.getState>) => state.graph?.inputs ?? noInputs;

/** A new input, named for its place so that it is valid at once. */
const newInput = (position: number): RunbookInput => ({
  name: `input${String(position)}`,
  type: 'string',
  isRequired: false,
  defaultValue: '',
  description: '',
});

export function InputsEditor(): ReactElement {
  const inputs = useDesignerStore(selectInputs);
  const idPrefix = useId();
  const nameId = (index: number) => `${idPrefix}-name-${String(index)}`;
  const removeId = (index: number) => `${idPrefix}-remove-${String(index)}`;
  const addButton = useRef<HTMLButtonElement>(null);
  const set = (next: RunbookInput[], options?: StepEditOptions) =>
    useDesignerStore.getState().setInputs(next, options);
  const update = (index: number, patch: Partial<RunbookInput>) =>
    set(inputs.map((input, position) => (position === index ? { ...input, ...patch } : input)));
  const add = () => {
    set([...inputs, newInput(inputs.length + 1)], { isOwnUndoEntry: true });
    // The name is what a new input needs first.
    const added = nameId(inputs.length);
    requestAnimationFrame(() => document.getElementById(added)?.focus());
  };
  const remove = (index: number) => {
    const lastRow = removeId(inputs.length - 1);
    useDesignerStore.getState().removeInput(index);
    // The focused button may go with the row: the keyboard goes on from the row now in its place,
    // else the one before, else Add input.
    refocusWhenLost(() => {
      if (document.getElementById(lastRow) !== null) return null; // not drawn yet
      return (
        document.getElementById(removeId(index)) ??
        document.getElementById(removeId(index - 1)) ??
        addButton.current
      );
    });
  };
  return (
    <div className="inputs-editor">
      <h3>Inputs</h3>
      {inputs.map((input, index) => (
        <div key={index} className="rule input-rule">
          <label className="inline-label input-name">
            Input {index + 1}
            <input
              id={nameId(index)}
              value={input.name}
              onChange={(event) => update(index, { name: event.target.value })}
            />
          </label>
          <button
            type="button"
            id={removeId(index)}
            className="icon-button"
            aria-label={`Remove input ${input.name === '' ? String(index + 1) : input.name}`}
            onClick={() => remove(index)}
          >
            <Icon name="trash" />
          </button>
          <select
            aria-label={`Input ${String(index + 1)} type`}
            value={input.type}
            onChange={(event) => update(index, { type: event.target.value as RunbookInput['type'] })}
          >
            {runbookInputTypes.map((type) => (
              <option key={type} value={type}>
                {runbookInputTypeLabels[type]}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={input.isRequired}
              onChange={(event) => update(index, { isRequired: event.target.checked })}
            />
            Required
          </label>
          <label className="inline-label">
            Default
            {input.type === 'boolean' ? (
              <select
                aria-label={`Input ${String(index + 1)} default`}
                value={input.defaultValue}
                onChange={(event) => update(index, { defaultValue: event.target.value })}
              >
                {yesNoDefaultChoices(input.defaultValue).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                value={input.defaultValue}
                onChange={(event) => update(index, { defaultValue: event.target.value })}
              />
            )}
          </label>
        </div>
      ))}
      <button ref={addButton} type="button" className="button button-small" onClick={add}>
        <Icon name="plus" /> Add input
      </button>
    </div>
  );
}
