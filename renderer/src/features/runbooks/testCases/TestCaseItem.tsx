/**
 * One test case in the test cases panel: its name, its state in the last run of the tests
 * (queued, running, then passed, or failed with each reason, a differing request as a diff), its
 * expectations, and Edit and Delete (asked first).
 */
import { useState, type ReactElement } from 'react';
import type { TestCase, TestCaseResult } from '../../../../../shared/rehearsal/testCase';
import { api } from '../../../api/client';
import { messageOf } from '../../../app/errorMessage';
import { useNoticeStore } from '../../../app/noticeStore';
import { expectationKey, expectationLabel } from './expectationChoices';
import { RequestMismatchView } from './RequestMismatchView';
import { TestCaseEditor } from './TestCaseEditor';
import type { TestCaseProgress } from './useTestRun';

/** Failures a diff already shows are not repeated as text. */
const isShownAsDiff = (failure: string) =>
  failure.startsWith('The request of "') && failure.includes('differs');

function ResultView({ result, nameOf }: { result: TestCaseResult; nameOf: (stepId: string) => string }) {
  if (result.isPassed) return null;
  const failures =
    result.mismatches.length > 0
      ? result.failures.filter((failure) => !isShownAsDiff(failure))
      : result.failures;
  return (
    <div className="test-case-failure">
      {failures.length > 0 && <p className="test-case-list-title">Why it failed</p>}
      {failures.length > 0 && (
        <ul aria-label={`Why ${result.name} failed`}>
          {failures.map((failure, index) => (
            <li key={index}>{failure}</li>
          ))}
        </ul>
      )}
      {result.mismatches.map((mismatch, index) => (
        <RequestMismatchView key={index} mismatch={mismatch} stepName={nameOf(mismatch.stepId)} />
      ))}
    </div>
  );
}

export function TestCaseItem({
  testCase,
  progress,
  steps,
  nameOf,
}: {
  testCase: TestCase;
  /** Where the case is in the last run of the tests (queued, running, passed or failed). */
  progress: TestCaseProgress | undefined;
  steps: readonly { id: string; name: string; type: string }[];
  nameOf: (stepId: string) => string;
}): ReactElement {
  const [isEditing, setIsEditing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const remove = () =>
    api.call('testCases.delete', { id: testCase.id }).then(
      () => useNoticeStore.getState().show('success', `Deleted test case “${testCase.name}”`),
      (caught: unknown) => useNoticeStore.getState().show('error', messageOf(caught)),
    );
  const state = progress?.state ?? null;
  const result = progress?.result ?? null;
  return (
    <li className={`test-case${state === null ? '' : ` test-case-${state}`}`} aria-label={testCase.name}>
      <div className="test-case-head">
        <strong>{testCase.name}</strong>
        {state !== null && <span className={`badge test-case-badge-${state}`}>{state}</span>}
        {!isEditing && (
          <span className="test-case-actions">
            <button type="button" className="button button-small" onClick={() => setIsEditing(true)}>
              Edit <span className="visually-hidden">{testCase.name}</span>
            </button>
            <button type="button" className="button button-small" onClick={() => setIsConfirmingDelete(true)}>
              Delete <span className="visually-hidden">{testCase.name}</span>
            </button>
          </span>
        )}
      </div>
      {isConfirmingDelete && (
        <div className="test-case-confirm" role="group" aria-label={`Delete ${testCase.name}?`}>
          <p>Delete “{testCase.name}”? This cannot be undone.</p>
          <button type="button" className="button button-small" onClick={() => setIsConfirmingDelete(false)}>
            Cancel
          </button>
          <button type="button" className="button button-small button-danger" onClick={() => void remove()}>
            Delete test case
          </button>
        </div>
      )}
      {result !== null && <ResultView result={result} nameOf={nameOf} />}
      {isEditing ? (
        <TestCaseEditor
          testCase={testCase}
          steps={steps}
          nameOf={nameOf}
          onDone={() => setIsEditing(false)}
        />
      ) : testCase.expectations.length === 0 ? (
        <p className="muted">No expectations: passes when every request matches its recording.</p>
      ) : (
        <>
          {/* Titled: under a failure's reasons, a bare list read as more of them. */}
          <p className="test-case-list-title">Expects</p>
          <ul className="test-case-expectations" aria-label={`Expectations of ${testCase.name}`}>
            {testCase.expectations.map((expectation) => (
              <li key={expectationKey(expectation)}>{expectationLabel(expectation, nameOf)}</li>
            ))}
          </ul>
        </>
      )}
    </li>
  );
}
