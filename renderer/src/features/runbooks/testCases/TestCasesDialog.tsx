/**
 * The runbook's test cases (PRODUCT.md §8), opened from the designer: each case with its
 * expectations, edited or deleted in place, and Run tests, which saves the draft and replays
 * every case offline (nothing is sent), then shows each case's result. The list stays fresh by
 * the testCases.changed event.
 */
import { useState, type ReactElement } from 'react';
import type { TestCaseResult } from '../../../../../shared/rehearsal/testCase';
import { api } from '../../../api/client';
import { useCall } from '../../../api/resources';
import { Dialog } from '../../../app/Dialog';
import { messageOf } from '../../../app/errorMessage';
import { useDesignerStore } from '../designerStore';
import { TestCaseItem } from './TestCaseItem';
import './testCases.css';

const noSteps: never[] = [];

/** "2 passed, 1 failed", as the summary after a run of the tests says it. */
function summaryOf(results: readonly TestCaseResult[]): string {
  const failed = results.filter((result) => !result.isPassed).length;
  const passed = results.length - failed;
  return `${String(passed)} passed, ${String(failed)} failed`;
}

export function TestCasesDialog({
  runbookId,
  onClose,
}: {
  runbookId: string;
  onClose: () => void;
}): ReactElement {
  const cases = useCall('testCases.list', { runbookId });
  const steps = useDesignerStore((state) => state.graph?.steps ?? noSteps);
  const [results, setResults] = useState<readonly TestCaseResult[] | null>(null);
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const nameOf = (stepId: string) => steps.find((step) => step.id === stepId)?.name ?? stepId;
  const runTests = async () => {
    setIsRunning(true);
    setError(null);
    try {
      // The replay runs the stored draft: what the canvas shows must be in it.
      await useDesignerStore.getState().saveNow();
      setResults(await api.call('testCases.run', { runbookId }));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setIsRunning(false);
    }
  };
  const list = cases.data ?? [];
  return (
    <Dialog
      title="Test cases"
      className="test-cases-dialog"
      onClose={onClose}
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={isRunning || list.length === 0}
            onClick={() => void runTests()}
          >
            {isRunning ? 'Running tests…' : 'Run tests'}
          </button>
        </>
      }
    >
      <p className="hint">
        Run tests replays every case offline: nothing is sent, each request must match its recording, and each
        expectation is checked. Save a run as a test case from its page.
      </p>
      <p role="status" className="test-cases-summary">
        {isRunning ? 'Running…' : results === null ? '' : `Tests: ${summaryOf(results)}`}
      </p>
      {error !== null && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {cases.error !== null && (
        <p className="inline-error" role="alert">
          {messageOf(cases.error)}
        </p>
      )}
      {cases.data !== undefined && list.length === 0 && (
        <p className="muted">No test cases yet. Open a run of this runbook and choose Save as test case.</p>
      )}
      <ul className="test-case-list" aria-label="Test cases">
        {list.map((testCase) => (
          <TestCaseItem
            key={testCase.id}
            testCase={testCase}
            result={results?.find((result) => result.testCaseId === testCase.id)}
            steps={steps}
            nameOf={nameOf}
          />
        ))}
      </ul>
    </Dialog>
  );
}
