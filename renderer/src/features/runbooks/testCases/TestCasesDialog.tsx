/**
 * The runbook's test cases (PRODUCT.md §8), opened from the designer: each case with its
 * expectations, edited or deleted in place, and Run tests, which saves the draft and replays
 * every case offline (nothing is sent), showing each case queued, running, then passed or failed
 * as it happens (useTestRun.ts). The list stays fresh by the testCases.changed event.
 */
import type { ReactElement } from 'react';
import { useCall } from '../../../api/resources';
import { Dialog } from '../../../app/Dialog';
import { messageOf } from '../../../app/errorMessage';
import { useDesignerStore } from '../designerStore';
import { TestCaseItem } from './TestCaseItem';
import { useTestRun, type TestCaseProgress } from './useTestRun';
import './testCases.css';

const noSteps: never[] = [];

/** "2 passed, 1 failed", as the summary after a run of the tests says it. */
function summaryOf(progress: ReadonlyMap<string, TestCaseProgress>): string {
  const states = [...progress.values()].map((entry) => entry.state);
  const failed = states.filter((state) => state === 'failed').length;
  const passed = states.filter((state) => state === 'passed').length;
  return `${String(passed)} passed, ${String(failed)} failed`;
}

/** "Running… 1 of 3 done", while the cases replay one after another. */
function runningSummaryOf(progress: ReadonlyMap<string, TestCaseProgress>): string {
  const states = [...progress.values()].map((entry) => entry.state);
  const done = states.filter((state) => state === 'passed' || state === 'failed').length;
  return `Running… ${String(done)} of ${String(states.length)} done`;
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
  const { progress, isRunning, error, run } = useTestRun(runbookId);
  const nameOf = (stepId: string) => steps.find((step) => step.id === stepId)?.name ?? stepId;
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
            onClick={() => void run(list.map((testCase) => testCase.id))}
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
        {isRunning ? runningSummaryOf(progress) : progress.size === 0 ? '' : `Tests: ${summaryOf(progress)}`}
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
            progress={progress.get(testCase.id)}
            steps={steps}
            nameOf={nameOf}
          />
        ))}
      </ul>
    </Dialog>
  );
}
