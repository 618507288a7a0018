/**
 * The inspector's view of a pinned step (PRODUCT.md §8): what the pin is and where it came from,
 * its JSON (status, outputs, response) to edit — text that does not read as a pin is refused at
 * the field with the reason and kept as typed — and Unpin. Designer runs answer the step with it.
 */
import { useState, type ReactElement } from 'react';
import type { Pin } from '../../../../../shared/rehearsal/rehearsal';
import { api } from '../../../api/client';
import { Field } from '../../../app/Field';
import { Icon } from '../../../app/icons';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';
import { pinText, readPinText } from './pinText';
import { useStepPin } from './usePins';

const fromLabels: Record<Pin['from'], string> = {
  test: 'a Test',
  run: 'a run’s record',
  edited: 'JSON edited here',
};

/** The pin of the selected step, if it has one. */
export function PinEditor({ runbookId, stepId }: { runbookId: string; stepId: string }): ReactElement | null {
  const pin = useStepPin(runbookId, stepId);
  if (pin === undefined) return null;
  // A pin changed elsewhere (pinned again, from a run) starts the text afresh.
  return <PinForm key={`${stepId}:${pin.pinnedAt}`} runbookId={runbookId} pin={pin} />;
}

function PinForm({ runbookId, pin }: { runbookId: string; pin: Pin }): ReactElement {
  const [text, setText] = useState(() => pinText(pin));
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const fieldId = `pin-json-${pin.stepId}`;
  const save = async () => {
    const read = readPinText(text);
    if ('problem' in read) {
      setProblem(read.problem);
      document.getElementById(fieldId)?.focus();
      return;
    }
    try {
      await api.call('pins.set', { runbookId, stepId: pin.stepId, pin: read.value });
      useNoticeStore.getState().show('success', 'Pin saved');
    } catch (caught) {
      setProblem(messageOf(caught));
    }
  };
  const unpin = () =>
    void api.call('pins.delete', { runbookId, stepId: pin.stepId }).then(
      () =>
        useNoticeStore.getState().show('success', 'Unpinned: designer runs send this step’s request again'),
      (caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)),
    );
  return (
    <section className="pin-editor" aria-labelledby={`${fieldId}-title`}>
      <h3 id={`${fieldId}-title`}>
        <Icon name="pin" /> Pinned result
      </h3>
      <p className="hint">
        Runs started from the designer answer this step with this result instead of sending its request
        (pinned from {fromLabels[pin.from]}). Published versions, webhooks, schedules and the command line
        never use pins.
      </p>
      <Field
        id={fieldId}
        label="Pin (JSON)"
        hint="status, outputs and response; masked values stay masked"
        error={problem}
      >
        {(control) => (
          <textarea
            {...control}
            className="mono"
            rows={10}
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
        <button type="button" className="button button-small" onClick={unpin}>
          Unpin
        </button>
      </div>
    </section>
  );
}
