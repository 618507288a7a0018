/**
 * The inspector's pin of the selected step (PRODUCT.md §8): what a pin does to a step of its type,
 * where it came from, its JSON to edit (only the parts the type reads: a method's status, outputs
 * and response; a Condition's exit…) — text that does not read as a pin is refused at the field
 * with the reason and kept as typed — and Unpin. A pin that no longer fits its step (it names an
 * exit since removed) says so. An unpinned step offers **Pin a result…**, starting from an example.
 */
import { useState, type ReactElement } from 'react';
import type { Pin } from '../../../../../shared/rehearsal/rehearsal';
import { pinProblemOf, pinRulesOf } from '../../../../../shared/rehearsal/stepPins';
import type { Step } from '../../../../../shared/runbook/stepTypes';
import { api } from '../../../api/client';
import { Field } from '../../../app/Field';
import { Icon } from '../../../app/icons';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';
import { examplePinText, pinText, readPinText } from './pinText';
import { useStepPin } from './usePins';

const fromLabels: Record<Pin['from'], string> = {
  test: 'a Test',
  run: 'a run’s record',
  edited: 'JSON edited here',
};

/** The pin of the selected step, or the way to pin it; nothing for a step that cannot be pinned. */
export function PinEditor({ runbookId, step }: { runbookId: string; step: Step }): ReactElement | null {
  const pin = useStepPin(runbookId, step.id);
  const [isAdding, setIsAdding] = useState(false);
  if (pinRulesOf(step.type) === undefined) return null;
  if (pin !== undefined)
    // A pin changed elsewhere (pinned again, from a run) starts the text afresh.
    return <PinForm key={`${step.id}:${pin.pinnedAt}`} runbookId={runbookId} step={step} pin={pin} />;
  if (isAdding)
    return (
      <PinForm key={`${step.id}:new`} runbookId={runbookId} step={step} onCancel={() => setIsAdding(false)} />
    );
  return (
    <button
      type="button"
      className="button button-small"
      title="Designer runs will answer this step with a result you give as JSON"
      onClick={() => setIsAdding(true)}
    >
      <Icon name="pin" /> Pin a result…
    </button>
  );
}

function PinForm({
  runbookId,
  step,
  pin,
  onCancel,
}: {
  runbookId: string;
  step: Step;
  /** The step's pin; absent while a new one is being written. */
  pin?: Pin;
  onCancel?: () => void;
}): ReactElement {
  const [text, setText] = useState(() => (pin === undefined ? examplePinText(step) : pinText(step, pin)));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const rules = pinRulesOf(step.type);
  const staleness = pin === undefined ? null : pinProblemOf(step, pin);
  const fieldId = `pin-json-${step.id}`;
  const parts = [...(rules?.fields ?? []), 'outputs'].join(', ');
  const save = async () => {
    const read = readPinText(text, step);
    if ('problem' in read) {
      setProblem(read.problem);
      document.getElementById(fieldId)?.focus();
      return;
    }
    try {
      await api.call('pins.set', { runbookId, stepId: step.id, pin: read.value });
      useNoticeStore.getState().show('success', 'Pin saved');
    } catch (caught) {
      setProblem(messageOf(caught));
      document.getElementById(fieldId)?.focus();
    }
  };
  const unpin = () =>
    void api.call('pins.delete', { runbookId, stepId: step.id }).then(
      () => useNoticeStore.getState().show('success', 'Unpinned: designer runs run this step again'),
      (caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)),
    );
  return (
    <section className="pin-editor" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`}>
        <Icon name="pin" /> {pin === undefined ? 'Pin a result' : 'Pinned result'}
      </h3>
      <p className="hint">
        {rules?.meaning}
        {pin === undefined ? '' : ` Pinned from ${fromLabels[pin.from]}.`} Published versions, webhooks,
        schedules and the command line never use pins.
      </p>
      {staleness !== null && (
        <p className="field-error" role="alert">
          This pin no longer fits the step, so designer runs are refused until it is edited or unpinned:{' '}
          {staleness}
        </p>
      )}
      <Field id={fieldId} label="Pin (JSON)" hint={`${parts}; masked values stay masked`} error={problem}>
        {(control) => (
          <textarea
            {...control}
            className="mono"
            rows={Math.min(10, text.split('\n').length + 1)}
            spellCheck={false}
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              if (problem !== undefined) setProblem(undefined);
            }}
          />
        )}
      </Field>
      <div className="pin-actions">
        <button type="button" className="button button-small" onClick={() => void save()}>
          Save pin
        </button>
        {pin === undefined ? (
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={unpin}>
            Unpin
          </button>
        )}
      </div>
    </section>
  );
}
