/**
 * Runbook test cases (PRODUCT.md §8): "save as test case" keeps a finished run — inputs, every
 * method step's recorded request and response (its sub-runbooks' too), outcome — and `run`
 * replays each case offline through the engine (engine/replaySource.ts) and checks it. What a
 * case keeps of a run is testCaseRecording.ts, one replay testCaseReplay.ts, the runs of a
 * runbook's tests going now testRuns.ts; this module keeps the cases and wires the three.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import type { Expectation, TestCase, TestCaseResult } from '../../../shared/rehearsal/testCase';
import {
  expectationTravelProblem,
  testCaseTravelProblem,
  type TestCaseTravelProblem,
} from '../../../shared/rehearsal/testCaseTravel';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { RunRepository } from '../db/repositories/runRepository';
import {
  maxTestCasesPerRunbook,
  type TestCaseRepository,
  type TestCaseRow,
} from '../db/repositories/testCaseRepository';
import type { Engine, StartRunInput } from '../engine/engine';
import { isRunGoing } from '../../../shared/domain/runStatus';
import { refuseLogicAnsweredByPins, refuseUnreadableCase, testCaseFromRun } from './testCaseRecording';
import { replayTestCase } from './testCaseReplay';
import { createTestRuns, type TestCaseProgress, type TestRunStatus } from './testRuns';

export type { TestCaseProgress, TestRunStatus } from './testRuns';

export interface TestCaseService {
  list(runbookId: string): TestCase[];
  /**
   * Keeps a finished run as a test case of its runbook with its expectations (by default, the
   * same end state), all of it or nothing.
   */
  saveFromRun(
    runId: string,
    made?: { name?: string | undefined; expectations?: Expectation[] | undefined },
  ): TestCase;
  /** Renames a case or sets its expectations. */
  update(
    id: string,
    change: { name?: string | undefined; expectations?: Expectation[] | undefined },
  ): TestCase;
  delete(id: string): boolean;
  /**
   * Replays every case of the runbook, one after another, sending nothing; tells `onProgress`
   * as each case begins and ends (with `testRunId`, or null).
   */
  run(runbookId: string, testRunId?: string): Promise<TestCaseResult[]>;
  /** The run of the runbook's tests going now, case by case, or null. */
  status(runbookId: string): TestRunStatus | null;
}

export interface TestCaseServiceDependencies {
  testCases: TestCaseRepository;
  runs: Pick<RunRepository, 'get'>;
  engine: Pick<Engine, 'start'>;
  /** The runbook's draft; throws not_found when it is gone. */
  draftOf: (runbookId: string) => RunbookGraph;
  runbookName: (runbookId: string) => string | undefined;
  /** Why the graph cannot run, or null. */
  problemOf: (graph: RunbookGraph) => string | null;
  /** How replays are recorded (`cli` in the command line's backend). */
  trigger: StartRunInput['trigger'];
  /** Tells the windows the runbook's test cases changed (saved, edited, deleted). */
  onDidChange?: (runbookId: string) => void;
  /** Tells the windows a case of a run of the tests began replaying or finished. */
  onProgress?: (progress: TestCaseProgress) => void;
  now?: () => Date;
}

/** What the user may do about a value a runbook's file cannot carry, by where it sits. */
const travelRemedies: Record<TestCaseTravelProblem['part'], string> = {
  input: 'Run with a smaller input and save that run.',
  output: 'Narrow the output to the part the case needs (its expression), run again and save that run.',
  expectation: 'Expect fewer or smaller values: an output that holds only the part to check.',
  case: 'Save a run that records less.',
};

/**
 * Refuses a case its runbook's file could not carry (the import of the file would refuse it
 * whole), saying which value and what to do: `field` is the call's field at fault.
 */
function refuseWhatCannotTravel(problem: TestCaseTravelProblem | undefined, field: string): void {
  if (problem === undefined) return;
  throw new AppError(
    'invalid_input',
    `${problem.reason}, so a test case cannot keep it: its runbook's file could not be imported. ${travelRemedies[problem.part]}`,
    field,
  );
}

/**
 * Refuses a case its runbook's file could not carry: what the run recorded is named first (at
 * `recordedField`), then the values it expects, which alone take the case past when the rest travels.
 */
function refuseCaseThatCannotTravel(
  testCase: TestCaseRow,
  stepName: (stepId: string) => string,
  recordedField: string,
): void {
  refuseWhatCannotTravel(testCaseTravelProblem({ ...testCase, expectations: [] }, stepName), recordedField);
  refuseWhatCannotTravel(testCaseTravelProblem(testCase, stepName, 'expectations'), 'expectations');
}

/** A step's name in the runbook's draft, or its id when the draft no longer has it. */
const stepNamesOf =
  (graph: RunbookGraph) =>
  (stepId: string): string =>
    graph.steps.find((step) => step.id === stepId)?.name ?? stepId;

/** The expectations in `expectations` that `kept` does not hold already. */
const newlyExpected = (kept: readonly Expectation[], expectations: readonly Expectation[]) =>
  expectations.filter(
    (expectation) => !kept.some((held) => JSON.stringify(held) === JSON.stringify(expectation)),
  );

export function createTestCaseService(deps: TestCaseServiceDependencies): TestCaseService {
  const now = deps.now ?? (() => new Date());
  const find = (id: string): TestCaseRow => {
    const row = deps.testCases.get(id);
    if (row === undefined) throw new AppError('not_found', 'This test case no longer exists.');
    return row;
  };
  const testRuns = createTestRuns({
    casesOf: (runbookId) => deps.testCases.list(runbookId),
    replay: (runbookId, graph, testCase) => replayTestCase(deps, runbookId, graph, testCase),
    onDidChange: deps.onDidChange,
    onProgress: deps.onProgress,
  });

  return {
    list: (runbookId) => {
      deps.draftOf(runbookId);
      return deps.testCases.list(runbookId);
    },
    saveFromRun: (runId, made = {}) => {
      const run = deps.runs.get(runId);
      if (run === undefined) throw new AppError('not_found', 'This run no longer exists.');
      if (isRunGoing(run.status))
        throw new AppError(
          'conflict',
          'The run is still going; save it as a test case once it ends.',
          'runId',
        );
      refuseLogicAnsweredByPins(run, () => deps.draftOf(run.runbookId));
      if (deps.testCases.list(run.runbookId).length >= maxTestCasesPerRunbook)
        throw new AppError(
          'invalid_input',
          `A runbook keeps at most ${String(maxTestCasesPerRunbook)} test cases.`,
        );
      const row = testCaseFromRun(
        { ...run, status: run.status },
        { childRun: (childRunId) => deps.runs.get(childRunId), runbookName: deps.runbookName },
        { id: crypto.randomUUID(), createdAt: now().toISOString(), ...made },
      );
      const stepName = stepNamesOf(deps.draftOf(run.runbookId));
      refuseUnreadableCase(row, stepName);
      refuseCaseThatCannotTravel(row, stepName, 'runId');
      deps.testCases.insert(row);
      deps.onDidChange?.(row.runbookId);
      return row;
    },
    update: (id, change) => {
      const row = find(id);
      const next = {
        ...row,
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.expectations === undefined ? {} : { expectations: change.expectations }),
      };
      const stepName = stepNamesOf(deps.draftOf(row.runbookId));
      // A case its file carries stays one: an edit may not take it past a file's bounds (4 MB).
      if (testCaseTravelProblem(row, stepName) === undefined)
        refuseCaseThatCannotTravel(
          next,
          stepName,
          change.expectations === undefined ? 'name' : 'expectations',
        );
      // One saved before these rules still edits, keeping what it expects; a new value must travel.
      else
        for (const expectation of newlyExpected(row.expectations, change.expectations ?? []))
          refuseWhatCannotTravel(expectationTravelProblem(expectation, stepName), 'expectations');
      deps.testCases.update(id, next, now().toISOString());
      deps.onDidChange?.(row.runbookId);
      return next;
    },
    delete: (id) => {
      const row = deps.testCases.get(id);
      const wasDeleted = deps.testCases.delete(id);
      if (wasDeleted && row !== undefined) deps.onDidChange?.(row.runbookId);
      return wasDeleted;
    },
    run: async (runbookId, testRunId) => testRuns.run(runbookId, deps.draftOf(runbookId), testRunId),
    status: (runbookId) => testRuns.status(runbookId),
  };
}
