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
  type TestCase,
  type TestCaseResult,
} from '../../../shared/rehearsal/testCase';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { RunRepository, RunRow, StepRecord } from '../db/repositories/runRepository';
import {
  maxTestCasesPerRunbook,
  type TestCaseRepository,
  type TestCaseRow,
} from '../db/repositories/testCaseRepository';
import type { Engine, StartRunInput } from '../engine/engine';
import { replaySource } from '../engine/replaySource';
import { isRunGoing } from '../../../shared/domain/runStatus';

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
  /** Replays every case of the runbook, one after another, sending nothing. */
  run(runbookId: string): Promise<TestCaseResult[]>;
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
  now?: () => Date;
}

/** A step record's response as a recording keeps it (the marker of a response not sent goes). */
function recordedResponse(response: unknown) {
  const { rehearsal: _marker, ...rest } =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const parsed = receivedResponseSchema.safeParse(rest);
  return parsed.success ? parsed.data : null;
}

/** The last outputs of each step of a run. */
const lastOutputs = (steps: readonly StepRecord[]) =>
  Object.fromEntries(steps.map((step) => [step.stepId, step.outputs]));

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
    runbook: string | null,
    into: RecordedStep[],
  ) => {
    for (const step of run.steps) {
      if (step.status === 'running' || step.status === 'cancelled') continue;
      if (step.stepType === 'method') {
        const request = sentRequestSchema.safeParse(step.request);
        const response = recordedResponse(step.response);
        into.push({
          runbook,
          stepId: step.stepId,
          request: request.success ? request.data : null,
          response,
          error: response === null ? step.error : null,
        });
      }
      const childRunId = (step.response as { childRunId?: unknown } | null)?.childRunId;
      const child =
        step.stepType === 'runRunbook' && typeof childRunId === 'string'
          ? deps.runs.get(childRunId)
          : undefined;
      if (child !== undefined)
        recordingsOf(child, deps.runbookName(child.runbookId) ?? child.runbookId, into);
    }
    return into;
  };

  /** Replays one case: the failures of its requests, then of its expectations. */
  const replay = async (
    runbookId: string,
    graph: RunbookGraph,
    testCase: TestCase,
  ): Promise<TestCaseResult> => {
    const startedAt = performance.now();
    const failures: string[] = [];
    const done = (runId: string | null): TestCaseResult => ({
      testCaseId: testCase.id,
      name: testCase.name,
      isPassed: failures.length === 0,
      failures,
      runId,
      durationMs: performance.now() - startedAt,
    });
    const problem = deps.problemOf(graph);
    if (problem !== null) {
      failures.push(`The runbook cannot run: ${problem}`);
      return done(null);
    }
    const queues = new Map<string, RecordedStep[]>();
    const keyOf = (runbook: string | null, stepId: string) => `${runbook ?? ''}\n${stepId}`;
    for (const recorded of testCase.recordings) {
      const key = keyOf(recorded.runbook, recorded.stepId);
      queues.set(key, [...(queues.get(key) ?? []), recorded]);
    }
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
          const runbook = id === runbookId ? null : (deps.runbookName(id) ?? id);
          return replaySource(
            (stepId) => queues.get(keyOf(runbook, stepId))?.shift(),
            (message) => failures.push(message),
          );
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
      return next;
    },
    delete: (id) => deps.testCases.delete(id),
    run: async (runbookId) => {
      const graph = deps.draftOf(runbookId);
      const results: TestCaseResult[] = [];
      for (const testCase of deps.testCases.list(runbookId))
        results.push(await replay(runbookId, graph, testCase));
      return results;
    },
  };
}
