/**
 * The test cases panel's run of the tests, shown live: Run tests marks every case queued, and
 * each `testCases.progress` event of this run (named by the id the window gave it) moves its
 * case to running, then passed or failed with its result; the call's answer is the last word.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TestCaseResult } from '../../../../../shared/rehearsal/testCase';
import { api } from '../../../api/client';
import { messageOf } from '../../../app/errorMessage';
import { useDesignerStore } from '../designerStore';

export type TestCaseState = 'queued' | 'running' | 'passed' | 'failed';

/** A case's place in the last run of the tests, and its result once it finished. */
export interface TestCaseProgress {
  state: TestCaseState;
  result: TestCaseResult | null;
}

export interface TestRun {
  /** By test case id; empty before the first run of the tests. */
  progress: ReadonlyMap<string, TestCaseProgress>;
  isRunning: boolean;
  /** Why the last run of the tests could not run, or null. */
  error: string | null;
  run: (testCaseIds: readonly string[]) => Promise<void>;
}

const isFinished = (state: TestCaseState) => state === 'passed' || state === 'failed';

const finishedOf = (result: TestCaseResult): TestCaseProgress => ({
  state: result.isPassed ? 'passed' : 'failed',
  result,
});

export function useTestRun(runbookId: string): TestRun {
  const [progress, setProgress] = useState<ReadonlyMap<string, TestCaseProgress>>(new Map());
  const [isRunning, setIsRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The run of the tests whose events this panel applies. */
  const testRunId = useRef<string | null>(null);

  useEffect(
    () =>
      api.onEvent((message) => {
        if (message.name !== 'testCases.progress') return;
        const { payload } = message;
        if (payload.testRunId === null || payload.testRunId !== testRunId.current) return;
        setProgress((shown) => {
          // A finished case stays finished: an event late on a slow stream never takes it back.
          const current = shown.get(payload.testCaseId);
          if (current !== undefined && isFinished(current.state)) return shown;
          const next = new Map(shown);
          next.set(payload.testCaseId, { state: payload.state, result: payload.result });
          return next;
        });
      }),
    [],
  );

  const run = useCallback(
    async (testCaseIds: readonly string[]) => {
      const id = crypto.randomUUID();
      testRunId.current = id;
      setIsRunning(true);
      setError(null);
      setProgress(new Map(testCaseIds.map((caseId) => [caseId, { state: 'queued', result: null }])));
      try {
        // The replay runs the stored draft: what the canvas shows must be in it.
        await useDesignerStore.getState().saveNow();
        await api.eventsReady();
        const results = await api.call('testCases.run', { runbookId, testRunId: id });
        if (testRunId.current !== id) return;
        setProgress(new Map(results.map((result) => [result.testCaseId, finishedOf(result)])));
      } catch (caught) {
        if (testRunId.current !== id) return;
        setError(messageOf(caught));
        // Cases that never finished have no result to show.
        setProgress((shown) => new Map([...shown].filter(([, entry]) => isFinished(entry.state))));
      } finally {
        if (testRunId.current === id) setIsRunning(false);
      }
    },
    [runbookId],
  );

  return { progress, isRunning, error, run };
}
