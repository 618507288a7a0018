/**
 * "Save as test case" on a finished run (PRODUCT.md §8): the run is kept with its runbook as a
 * case — inputs, recorded responses (masked as recorded), outcome — named here, with the
 * expectations chosen from what the run did (its end state is chosen at first).
 */
import { useState, type ReactElement } from 'react';
import type { ShownRun } from './runEvents';
import { api } from '../../api/client';
import { Dialog } from '../../app/Dialog';
import { Field } from '../../app/Field';
import { messageOf } from '../../app/errorMessage';
import { useNoticeStore } from '../../app/noticeStore';
import '../runbooks/testCases/testCases.css';
import { ExpectationsPicker } from '../runbooks/testCases/ExpectationsPicker';
import { expectationChoices, lastOutputsOf } from '../runbooks/testCases/expectationChoices';

type Steps = readonly { id: string; name: string; type: string }[];

function SaveTestCaseDialog({
  run,
  steps,
  onClose,
}: {
  run: ShownRun;
  steps: Steps;
  onClose: () => void;
}): ReactElement {
  const [name, setName] = useState(`Run of ${run.queuedAt.slice(0, 16).replace('T', ' ')}`);
  const [choices] = useState(() =>
    expectationChoices(
      {
        status: run.status,
        path: run.steps.map((record) => record.stepId),
        outputs: lastOutputsOf(run.steps),
      },
      steps,
    ),
  );
  const [chosen, setChosen] = useState(
    () =>
      new Set(choices.filter((choice) => choice.expectation.kind === 'outcome').map((choice) => choice.key)),
  );
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const save = async () => {
    setIsBusy(true);
    try {
      const expectations = choices
        .filter((choice) => chosen.has(choice.key))
        .map((choice) => choice.expectation);
      // One call: a case refused (its expectations past what a file carries) saves nothing.
      const saved = await api.call('testCases.saveFromRun', { runId: run.id, name, expectations });
      useNoticeStore.getState().show('success', `Saved “${saved.name}” as a test case of the runbook`);
      onClose();
    } catch (caught) {
      setError(messageOf(caught));
      setIsBusy(false);
    }
  };
  return (
    <Dialog
      title="Save as test case"
      className="save-test-case-dialog"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={isBusy || name.trim() === ''}
            onClick={() => void save()}
          >
            Save test case
          </button>
        </>
      }
    >
      <p className="hint">
        The case keeps this run’s inputs and every request and response as recorded (secrets stay masked). Run
        tests in the designer replays it offline and checks what you choose below.
      </p>
      <Field id="test-case-name" label="Name" error={undefined} isRequired>
        {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <h3 className="expectation-heading">Expect</h3>
      <ExpectationsPicker choices={choices} chosen={chosen} onChange={setChosen} />
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/** The run page's button that opens the dialog; a run still going cannot be saved yet. */
export function SaveTestCaseButton({
  run,
  steps,
}: {
  run: ShownRun;
  steps: Steps | undefined;
}): ReactElement {
  const [isOpen, setIsOpen] = useState(false);
  const isGoing = run.status === 'queued' || run.status === 'running' || run.status === 'waiting';
  return (
    <>
      <button
        type="button"
        className="button"
        aria-haspopup="dialog"
        disabled={isGoing || steps === undefined}
        title={
          run.status === 'waiting'
            ? 'A run waiting for approval is not finished: decide it first, then save it as a test case'
            : isGoing
              ? 'The run is not finished yet'
              : 'Keep this run as a test case of its runbook, replayed offline by Run tests'
        }
        onClick={() => setIsOpen(true)}
      >
        Save as test case
      </button>
      {isOpen && steps !== undefined && (
        <SaveTestCaseDialog run={run} steps={steps} onClose={() => setIsOpen(false)} />
      )}
    </>
  );
}
