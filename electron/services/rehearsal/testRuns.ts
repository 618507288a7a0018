/** The runs of a runbook's tests going now: one per runbook at a time, their progress told case by case. */
import { AppError } from '../../../shared/api/appError';
import type { TestCase, TestCaseResult } from '../../../shared/rehearsal/testCase';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { CallOutput, EventPayload } from '../../../shared/api/contract';

export type TestCaseProgress = EventPayload<'testCases.progress'>;
export type TestRunStatus = NonNullable<CallOutput<'testCases.status'>>;

export interface TestRunsDependencies {
  /** The runbook's cases, in the order they run. */
  casesOf: (runbookId: string) => TestCase[];
  /** Replays one case. */
  replay: (runbookId: string, graph: RunbookGraph, testCase: TestCase) => Promise<TestCaseResult>;
  /** Tells the windows a run of the tests ended (they took it up when they opened). */
  onDidChange?: (runbookId: string) => void;
  /** Tells the windows a case of a run of the tests began replaying or finished. */
  onProgress?: (progress: TestCaseProgress) => void;
}

export interface TestRuns {
  /** Replays every case of the runbook in turn; refused while its tests are running already. */
  run(runbookId: string, graph: RunbookGraph, testRunId?: string): Promise<TestCaseResult[]>;
  /** The run of the runbook's tests going now, case by case, or null. */
  status(runbookId: string): TestRunStatus | null;
}

export function createTestRuns(deps: TestRunsDependencies): TestRuns {
  /** Runbooks whose test cases are being replayed now, and how far each run of them is. */
  const testedNow = new Map<string, TestRunStatus>();
  /** Replays every case of the runbook in turn, telling the windows as each starts and ends. */
  const runAll = async (
    runbookId: string,
    graph: RunbookGraph,
    testRunId: string | undefined,
  ): Promise<TestCaseResult[]> => {
    const results: TestCaseResult[] = [];
    const testCases = deps.casesOf(runbookId);
    const status: TestRunStatus = {
      testRunId: testRunId ?? null,
      cases: testCases.map((testCase) => ({ testCaseId: testCase.id, state: 'queued', result: null })),
    };
    testedNow.set(runbookId, status);
    const tell = (testCaseId: string, result: TestCaseResult | null) => {
      const state = result === null ? 'running' : result.isPassed ? 'passed' : 'failed';
      const shown = status.cases.find((entry) => entry.testCaseId === testCaseId);
      if (shown !== undefined) Object.assign(shown, { state, result });
      deps.onProgress?.({ runbookId, testRunId: testRunId ?? null, testCaseId, state, result });
    };
    for (const testCase of testCases) {
      tell(testCase.id, null);
      const result = await deps.replay(runbookId, graph, testCase);
      tell(testCase.id, result);
      results.push(result);
    }
    return results;
  };

  return {
    run: async (runbookId, graph, testRunId) => {
      // One test run per runbook at a time: a window closed and opened again during a run must
      // not start a second one beside it (its cases would replay twice, their events mixed).
      if (testedNow.has(runbookId))
        throw new AppError(
          'conflict',
          'The tests of this runbook are running already; their results come when they end.',
          'runbookId',
        );
      testedNow.set(runbookId, { testRunId: testRunId ?? null, cases: [] });
      try {
        return await runAll(runbookId, graph, testRunId);
      } finally {
        testedNow.delete(runbookId);
        // A window that took the run up when it opened learns it ended, however it ended.
        deps.onDidChange?.(runbookId);
      }
    },
    status: (runbookId) => {
      const going = testedNow.get(runbookId);
      return going === undefined
        ? null
        : { testRunId: going.testRunId, cases: going.cases.map((entry) => ({ ...entry })) };
    },
  };
}
