/**
 * The test cases panel's run of the tests, shown live: Run tests marks every case queued, and
 * each `testCases.progress` event of this run (named by the id the window gave it) moves its
 * case to running, then passed or failed with its result; the call's answer is the last word.
 * A panel opened while the tests run (closed and opened again, another window) takes that run
 * up from `testCases.status` and follows its events; the run's end says so (testCases.changed).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TestCaseResult } from '../../../../../shared/rehearsal/testCase';
import { api } from '../../../api/client';
import { messageOf } from '../../../app/errorMessage';
import { saveDraftFirst } from '../saveDraftFirst';

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
  /** True while the panel follows a run it did not start (it has no answer of it to wait for). */
  const isFollowing = useRef(false);
  /** True while a run this panel started goes on: its own answer ends it. */
  const isOwnRunGoing = useRef(false);

  useEffect(() => {
    let isOpen = true;
    /** Takes up the run of the tests going now, if this panel did not start one itself. */
    const takeUp = async () => {
      const status = await api.call('testCases.status', { runbookId }).catch(() => null);
      if (!isOpen || isOwnRunGoing.current) return;
      if (status === null || status.testRunId === null) {
        if (isFollowing.current) setIsRunning(false);
        isFollowing.current = false;
        return;
      }
      isFollowing.current = true;
      testRunId.current = status.testRunId;
      setIsRunning(true);
      setProgress(
        new Map(
          status.cases.map((entry) => [entry.testCaseId, { state: entry.state, result: entry.result }]),
        ),
      );
    };
    void api.eventsReady().then(takeUp);
    const subscription = api.onEvent((message) => {
      if (message.name === 'testCases.changed') {
        if (isFollowing.current && message.payload.runbookId === runbookId) void takeUp();
        return;
      }
      if (message.name !== 'testCases.progress') return;
      const { payload } = message;
      if (payload.runbookId !== runbookId) return;
      // A run started elsewhere (another window, the API) while this panel is open: take it up.
      if (payload.testRunId !== testRunId.current && !isOwnRunGoing.current) void takeUp();
      if (payload.testRunId === null || payload.testRunId !== testRunId.current) return;
      setProgress((shown) => {
        // A finished case stays finished: an event late on a slow stream never takes it back.
        const current = shown.get(payload.testCaseId);
        if (current !== undefined && isFinished(current.state)) return shown;
        const next = new Map(shown);
        next.set(payload.testCaseId, { state: payload.state, result: payload.result });
        return next;
      });
    });
    return () => {
      isOpen = false;
      subscription();
    };
  }, [runbookId]);

  const run = useCallback(
    async (testCaseIds: readonly string[]) => {
      const id = crypto.randomUUID();
      testRunId.current = id;
      isFollowing.current = false;
      isOwnRunGoing.current = true;
      setIsRunning(true);
      setError(null);
      setProgress(new Map(testCaseIds.map((caseId) => [caseId, { state: 'queued', result: null }])));
      try {
        // The replay runs the stored draft: what the canvas shows must be in it.
        await saveDraftFirst('Running the test cases');
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
        if (testRunId.current === id) {
          isOwnRunGoing.current = false;
          setIsRunning(false);
        }
      }
    },
    [runbookId],
  );

  return { progress, isRunning, error, run };
}
