/**
 * Which runbook input each part of a webhook delivery fills: one row per input, with a JSONPath
 * into the payload (or headers.<name>), and a button to map the next unmapped input.
 */
import type { ReactElement } from 'react';
import type { WebhookTrigger } from '../../../../../shared/runbook/stepTypes';
import { Icon } from '../../../app/icons';
import { useDesignerStore, type StepEditOptions } from '../designerStore';

type Mapping = WebhookTrigger['inputMapping'];

const selectInputNames = (state: ReturnType<typeof useDesignerStore.getState>) =>
  (state.graph?.inputs ?? []).map((input) => input.name).join('\n');

/** One mapping row: the input, the path it is read from, and a remove button. */
function MappingRow({
  mapping,
  index,
  names,
  onChange,
}: {
  mapping: Mapping;
  index: number;
  names: readonly string[];
  onChange: (next: Mapping, options?: StepEditOptions) => void;
}): ReactElement {
  const row = mapping[index] ?? { input: '', path: '' };
  const update = (change: Partial<Mapping[number]>) =>
    onChange(mapping.map((other, at) => (at === index ? { ...other, ...change } : other)));
  return (
    <div className="mapping-row">
      <select
        aria-label={`Mapping ${String(index + 1)} input`}
        value={row.input}
        onChange={(event) => update({ input: event.target.value })}
      >
        {!names.includes(row.input) && <option value={row.input}>{row.input || 'Choose…'}</option>}
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <span aria-hidden="true">←</span>
      <input
        className="mono"
        aria-label={`Mapping ${String(index + 1)} JSONPath`}
        placeholder="$.ticket.id"
        value={row.path}
        onChange={(event) => update({ path: event.target.value })}
      />
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove mapping ${String(index + 1)}`}
        onClick={() =>
          onChange(
            mapping.filter((_, at) => at !== index),
            { isOwnUndoEntry: true },
          )
        }
      >
        <Icon name="trash" />
      </button>
    </div>
  );
}

/** The "Inputs from the payload" section of the webhook's settings. */
export function WebhookInputMapping({
  mapping,
  onChange,
}: {
  mapping: Mapping;
  /** Adding or removing a row passes `isOwnUndoEntry`: an undo entry of its own. */
  onChange: (next: Mapping, options?: StepEditOptions) => void;
}): ReactElement {
  const inputNames = useDesignerStore(selectInputNames);
  const names = inputNames === '' ? [] : inputNames.split('\n');
  const addRow = () =>
    onChange(
      [
        ...mapping,
        {
          input: names.find((name) => !mapping.some((row) => row.input === name)) ?? names[0] ?? '',
          path: '$.',
        },
      ],
      { isOwnUndoEntry: true },
    );
  return (
    <>
      <h4>Inputs from the payload</h4>
      {mapping.map((_, index) => (
        <MappingRow key={index} mapping={mapping} index={index} names={names} onChange={onChange} />
      ))}
      <button
        type="button"
        className="button button-small"
        disabled={names.length === 0}
        title={names.length === 0 ? 'Add an input first' : undefined}
        onClick={addRow}
      >
        <Icon name="plus" /> Map an input
      </button>
    </>
  );
}
