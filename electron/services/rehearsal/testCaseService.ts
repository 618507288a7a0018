/**
 * Runbook test cases (PRODUCT.md §8): "save as test case" keeps a finished run — inputs, every
 * method step's recorded request and response (its sub-runbooks' too), outcome — and `run`
 * replays each case offline through the engine (engine/replaySource.ts) and checks it.
 */
import crypto from 'node:crypto';
import { AppError } from '../../../shared/api/appError';
import { receivedResponseSchema, sentRequestSchema } from '../../../shared/domain/requestResult';
import {
  unmetExpectation,
  type Expectation,
  type RecordedStep,
  type RequestMismatch,
  type TestCase,
  type TestCaseResult,
} from '../../../shared/rehearsal/testCase';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { descriptorNamed } from '../../../shared/runbook/steps/stepRegistry';
import type { RunRepository, RunRow, StepRecord } from '../db/repositories/runRepository';
import {
  maxTestCasesPerRunbook,
  type TestCaseRepository,
  type TestCaseRow,
} from '../db/repositories/testCaseRepository';
import type { Engine, StartRunInput } from '../engine/engine';
import { replaySource } from '../engine/replaySource';
import { isRunGoing } from '../../../shared/domain/runStatus';
import type { CallOutput, EventPayload } from '../../../shared/api/contract';

export type TestCaseProgress = EventPayload<'testCases.progress'>;

export interface TestCaseService {
  list(runbookId: string): TestCase[];
  /** Keeps a finished run as a test case of its runbook, expecting the same end state. */
  saveFromRun(runId: string, name?: string): TestCase;
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

export type TestRunStatus = NonNullable<CallOutput<'testCases.status'>>;

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

/** A step record's response as a recording keeps it (the marker of a response not sent goes). */
function recordedResponse(response: unknown) {
  const { rehearsal: _marker, ...rest } =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const parsed = receivedResponseSchema.safeParse(rest);
  return parsed.success ? parsed.data : null;
}

/** The keys of a replay's queues of recordings: the case's own runbook, a child by id or by name. */
const ownKey = (stepId: string) => `own\n${stepId}`;
const idKey = (runbookId: string, stepId: string) => `id\n${runbookId}\n${stepId}`;
const nameKey = (name: string, stepId: string) => `name\n${name}\n${stepId}`;

/** The last outputs of each step of a run. */
const lastOutputs = (steps: readonly StepRecord[]) =>
  Object.fromEntries(steps.map((step) => [step.stepId, step.outputs]));

/** Step types whose recorded responses a replay answers from (a request, a child run). */
const replayedStepTypes: ReadonlySet<string> = new Set(['method', 'runRunbook']);

/**
 * A replay answers requests from their recordings but runs the runbook's own logic (Condition,
 * Switch, For each, Set variables…) anew: a run that took such a step from its pin would replay
 * along another path. Refused with the step to unpin, rather than saved as a case that fails.
 */
function refuseLogicAnsweredByPins(run: { steps: readonly StepRecord[] }, draftOf: () => RunbookGraph): void {
  const pinned = run.steps.find(
    (step) => !replayedStepTypes.has(step.stepType) && rehearsalOf(step.response)?.source === 'pin',
  );
  if (pinned === undefined) return;
  const name = draftOf().steps.find((step) => step.id === pinned.stepId)?.name ?? pinned.stepId;
  throw new AppError(
    'invalid_input',
    `"${name}" was answered by its pin in this run, and a test case replays the runbook's own ` +
      'logic for steps that send no request. Unpin it, run again and save that run.',
    'runId',
  );
}

export function createTestCaseService(deps: TestCaseServiceDependencies): TestCaseService {
  const now = deps.now ?? (() => new Date());
  const find = (id: string): TestCaseRow => {
    const row = deps.testCases.get(id);
    if (row === undefined) throw new AppError('not_found', 'This test case no longer exists.');
    return row;
  };
  /** Every method step of a run and of the sub-runbook runs it started, in the order they ran. */
  const recordingsOf = (
    run: RunRow & { steps: StepRecord[] },
    runbook: { name: string; id: string } | null,
    into: RecordedStep[],
  ) => {
    for (const step of run.steps) {
      if (step.status === 'running' || step.status === 'cancelled') continue;
      const declaration = descriptorNamed(step.stepType);
      if (declaration?.recordIsItsCall === true) {
        const request = sentRequestSchema.safeParse(step.request);
        const response = recordedResponse(step.response);
        into.push({
          runbook: runbook?.name ?? null,
          runbookId: runbook?.id ?? null,
          stepId: step.stepId,
          request: request.success ? request.data : null,
          response,
          error: response === null ? step.error : null,
        });
      }
      const childRunId = declaration?.childRunOfRecord?.(step.response);
      const child = childRunId === undefined ? undefined : deps.runs.get(childRunId);
      if (child !== undefined)
        recordingsOf(
          child,
          { name: deps.runbookName(child.runbookId) ?? child.runbookId, id: child.runbookId },
          into,
        );
    }
    return into;
  };

  /**
   * Each step's recordings in order, by the runbook they belong to: a child runbook's by its id
   * when that runbook is here (a rename keeps them), else by its name (a case saved before ids
   * were kept, or one whose runbook is gone).
   */
  const queuesOf = (recordings: readonly RecordedStep[]) => {
    const queues = new Map<string, RecordedStep[]>();
    for (const recorded of recordings) {
      const isKnownId = recorded.runbookId != null && deps.runbookName(recorded.runbookId) !== undefined;
      const key =
        recorded.runbook === null
          ? ownKey(recorded.stepId)
          : isKnownId
            ? idKey(recorded.runbookId ?? '', recorded.stepId)
            : nameKey(recorded.runbook, recorded.stepId);
      queues.set(key, [...(queues.get(key) ?? []), recorded]);
    }
    return queues;
  };

  /** Replays one case: the failures of its requests, then of its expectations. */
  const replay = async (
    runbookId: string,
    graph: RunbookGraph,
    testCase: TestCase,
  ): Promise<TestCaseResult> => {
    const startedAt = performance.now();
    const failures: string[] = [];
    const mismatches: RequestMismatch[] = [];
    const done = (runId: string | null): TestCaseResult => ({
      testCaseId: testCase.id,
      name: testCase.name,
      isPassed: failures.length === 0,
      failures,
      mismatches,
      runId,
      durationMs: performance.now() - startedAt,
    });
    const problem = deps.problemOf(graph);
    if (problem !== null) {
      failures.push(`The runbook cannot run: ${problem}`);
      return done(null);
    }
    const queues = queuesOf(testCase.recordings);
    const started = deps.engine.start({
      runbookId,
      versionId: null,
      graph,
      inputs: testCase.inputs,
      trigger: deps.trigger,
      client: testCase.client,
      rehearsal: {
        mode: 'replay',
        sourceFor: (id) => {
          const isOwn = id === runbookId;
          const name = isOwn ? null : (deps.runbookName(id) ?? id);
          const take = (stepId: string) =>
            isOwn
              ? queues.get(ownKey(stepId))?.shift()
              : (queues.get(idKey(id, stepId))?.shift() ?? queues.get(nameKey(name ?? '', stepId))?.shift());
          return replaySource(name, take, (message, mismatch) => {
            failures.push(message);
            if (mismatch !== undefined) mismatches.push(mismatch);
          });
        },
      },
    });
    const result = await started.finished;
    const steps = deps.runs.get(started.runId)?.steps ?? [];
    const replayed = {
      status: result.status,
      path: steps.map((step) => step.stepId),
      outputs: lastOutputs(steps),
    };
    for (const expectation of testCase.expectations) {
      const unmet = unmetExpectation(expectation, replayed);
      if (unmet !== undefined) failures.push(unmet);
    }
    return done(started.runId);
  };

  /** Runbooks whose test cases are being replayed now, and how far each run of them is. */
  const testedNow = new Map<string, TestRunStatus>();
  /** Replays every case of the runbook in turn, telling the windows as each starts and ends. */
  const runAll = async (
    runbookId: string,
    graph: RunbookGraph,
    testRunId: string | undefined,
  ): Promise<TestCaseResult[]> => {
    const results: TestCaseResult[] = [];
    const testCases = deps.testCases.list(runbookId);
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
      const result = await replay(runbookId, graph, testCase);
      tell(testCase.id, result);
      results.push(result);
    }
    return results;
  };

  return {
    list: (runbookId) => {
      deps.draftOf(runbookId);
      return deps.testCases.list(runbookId);
    },
    saveFromRun: (runId, name) => {
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
      const status = run.status;
      const row: TestCaseRow = {
        id: crypto.randomUUID(),
        runbookId: run.runbookId,
        createdAt: now().toISOString(),
        name: name ?? `Run of ${run.queuedAt.slice(0, 16).replace('T', ' ')}`,
        inputs: run.inputs,
        client: run.clientName,
        recordings: recordingsOf(run, null, []),
        outcome: {
          status,
          message: run.message,
          path: run.steps.map((step) => step.stepId),
          outputs: lastOutputs(run.steps),
        },
        expectations: status === 'cancelled' ? [] : [{ kind: 'outcome', status }],
      };
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
    run: async (runbookId, testRunId) => {
      const graph = deps.draftOf(runbookId);
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
