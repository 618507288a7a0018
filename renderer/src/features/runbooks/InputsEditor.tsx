/** The runbook's inputs, edited on the Start step: name, type, required, default. */
import type { ReactElement } from 'react';
import type { RunbookInput } from '../../../../shared/runbook/runbookGraph';
import { Icon } from '../../app/icons';
import { useDesignerStore } from './designerStore';

const noInputs: RunbookInput[] = [];
const selectInputs = (state: ReturnType<typeof useDesignerStore.getState>) => state.graph?.inputs ?? noInputs;

export function InputsEditor(): ReactElement {
  const inputs = useDesignerStore(selectInputs);
  const set = (next: RunbookInput[]) => useDesignerStore.getState().setInputs(next);
  const update = (index: number, patch: Partial<RunbookInput>) =>
    set(inputs.map((input, position) => (position === index ? { ...input, ...patch } : input)));
  return (
    <div className="inputs-editor">
      <h3>Inputs</h3>
      {inputs.map((input, index) => (
        <div key={index} className="rule">
          <label className="inline-label">
            Input {index + 1}
            <input value={input.name} onChange={(event) => update(index, { name: event.target.value })} />
          </label>
          <select
            aria-label={`Input ${String(index + 1)} type`}
            value={input.type}
            onChange={(event) => update(index, { type: event.target.value as RunbookInput['type'] })}
          >
            <option value="string">Text</option>
            <option value="number">Number</option>
            <option value="boolean">Yes/no</option>
            <option value="json">JSON</option>
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
            <input
              value={input.defaultValue}
              onChange={(event) => update(index, { defaultValue: event.target.value })}
            />
          </label>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() =>
          set([
            ...inputs,
            {
              name: `input${String(inputs.length + 1)}`,
              type: 'string',
              isRequired: false,
              defaultValue: '',
              description: '',
            },
          ])
        }
      >
        <Icon name="plus" /> Add input
      </button>
    </div>
  );
}
