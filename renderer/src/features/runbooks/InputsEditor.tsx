/**
 * The runbook's inputs, edited on the Start step: name, type, required, default; added and removed,
 * with the keyboard kept in place as in a step form's rows (useRowKeyboard).
 */
import type { ReactElement } from 'react';
import {
  runbookInputTypeLabels,
  runbookInputTypes,
  type RunbookInput,
} from '../../../../shared/runbook/runbookGraph';
import { Icon } from '../../app/icons';
import { yesNoDefaultChoices } from '../runs/inputValueText';
import { useDesignerStore, type StepEditOptions } from './designerStore';
import { useRowKeyboard } from './steps/useRowKeyboard';

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
  const keyboard = useRowKeyboard();
  const set = (next: RunbookInput[], options?: StepEditOptions) =>
    useDesignerStore.getState().setInputs(next, options);
  const update = (index: number, patch: Partial<RunbookInput>) =>
    set(inputs.map((input, position) => (position === index ? { ...input, ...patch } : input)));
  const add = () => {
    set([...inputs, newInput(inputs.length + 1)], { isOwnUndoEntry: true });
    keyboard.focusAdded(inputs.length);
  };
  const remove = (index: number) => {
    useDesignerStore.getState().removeInput(index);
    keyboard.refocusAfterRemoval(index, inputs.length);
  };
  return (
    <div className="inputs-editor">
      <h3>Inputs</h3>
      {inputs.map((input, index) => (
        <div key={index} className="rule input-rule">
          <label className="inline-label input-name">
            Input {index + 1}
            <input
              id={keyboard.firstFieldId(index)}
              value={input.name}
              onChange={(event) => update(index, { name: event.target.value })}
            />
          </label>
          <button
            type="button"
            id={keyboard.removeId(index)}
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
      <button id={keyboard.addId} type="button" className="button button-small" onClick={add}>
        <Icon name="plus" /> Add input
      </button>
    </div>
  );
}
