/** Renames a test case and chooses its expectations, from what its recorded run did. */
import { useState, type ReactElement } from 'react';
import type { TestCase } from '../../../../../shared/rehearsal/testCase';
import { api } from '../../../api/client';
import { Field } from '../../../app/Field';
import { messageOf } from '../../../app/errorMessage';
import { ExpectationsPicker } from './ExpectationsPicker';
import { expectationChoices, expectationKey, withHeldExpectations } from './expectationChoices';

export function TestCaseEditor({
  testCase,
  steps,
  nameOf,
  onDone,
}: {
  testCase: TestCase;
  steps: readonly { id: string; name: string; type: string }[];
  nameOf: (stepId: string) => string;
  onDone: () => void;
}): ReactElement {
  const [name, setName] = useState(testCase.name);
  const [choices] = useState(() =>
    withHeldExpectations(expectationChoices(testCase.outcome, steps), testCase.expectations, nameOf),
  );
  const [chosen, setChosen] = useState(() => new Set(testCase.expectations.map(expectationKey)));
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const save = async () => {
    setIsBusy(true);
    try {
      const expectations = choices
        .filter((choice) => chosen.has(choice.key))
        .map((choice) => choice.expectation);
      await api.call('testCases.update', { id: testCase.id, name, expectations });
      onDone();
    } catch (caught) {
      setError(messageOf(caught));
      setIsBusy(false);
    }
  };
  const fieldId = `test-case-name-${testCase.id}`;
  return (
    <form
      className="test-case-editor"
      aria-label={`Edit ${testCase.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field id={fieldId} label="Name" error={undefined} isRequired>
        {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <ExpectationsPicker choices={choices} chosen={chosen} onChange={setChosen} />
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      <div className="test-case-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={isBusy || name.trim() === ''}>
          Save changes
        </button>
      </div>
    </form>
  );
}
