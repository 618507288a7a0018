/** Replays one test case offline through the engine; apart from the service, which keeps the cases and their runs. */
import {
  unmetExpectation,
  type RecordedStep,
  type RequestMismatch,
  type TestCase,
  type TestCaseResult,
} from '../../../shared/rehearsal/testCase';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { RunRepository } from '../db/repositories/runRepository';
import type { Engine, StartRunInput } from '../engine/engine';
import { replaySource } from '../engine/replaySource';
import { lastOutputs } from './testCaseRecording';

export interface ReplayDependencies {
  runs: Pick<RunRepository, 'get'>;
  engine: Pick<Engine, 'start'>;
  runbookName: (runbookId: string) => string | undefined;
  /** Why the graph cannot run, or null. */
  problemOf: (graph: RunbookGraph) => string | null;
  /** How replays are recorded. */
  trigger: StartRunInput['trigger'];
}

/** The keys of a replay's queues of recordings: the case's own runbook, a child by id or by name. */
const ownKey = (stepId: string) => `own\n${stepId}`;
const idKey = (runbookId: string, stepId: string) => `id\n${runbookId}\n${stepId}`;
const nameKey = (name: string, stepId: string) => `name\n${name}\n${stepId}`;

/** A replay's queues of recordings, and how a runbook's step takes the next one of its queue. */
export interface RecordingQueues {
  /** The next recording of a step of the case's own runbook. */
  takeOwn: (stepId: string) => RecordedStep | undefined;
  /** The next recording of a step of a child runbook: by its id, else by its name. */
  takeChild: (runbookId: string, name: string, stepId: string) => RecordedStep | undefined;
}

/**
 * Each step's recordings in order, by the runbook they belong to: a child runbook's by its id
 * when that runbook is here (`isKnownRunbook`; a rename keeps them), else by its name (a case
 * saved before ids were kept, or one whose runbook is gone).
 */
export function recordingQueues(
  recordings: readonly RecordedStep[],
  isKnownRunbook: (runbookId: string) => boolean,
): RecordingQueues {
  const queues = new Map<string, RecordedStep[]>();
  for (const recorded of recordings) {
    const isKnownId = recorded.runbookId != null && isKnownRunbook(recorded.runbookId);
    const key =
      recorded.runbook === null
        ? ownKey(recorded.stepId)
        : isKnownId
          ? idKey(recorded.runbookId ?? '', recorded.stepId)
          : nameKey(recorded.runbook, recorded.stepId);
    queues.set(key, [...(queues.get(key) ?? []), recorded]);
  }
  return {
    takeOwn: (stepId) => queues.get(ownKey(stepId))?.shift(),
    takeChild: (runbookId, name, stepId) =>
      queues.get(idKey(runbookId, stepId))?.shift() ?? queues.get(nameKey(name, stepId))?.shift(),
  };
}

/** Replays one case: the failures of its requests, then of its expectations. */
export async function replayTestCase(
  deps: ReplayDependencies,
  runbookId: string,
  graph: RunbookGraph,
  testCase: TestCase,
): Promise<TestCaseResult> {
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
  const queues = recordingQueues(testCase.recordings, (id) => deps.runbookName(id) !== undefined);
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
          isOwn ? queues.takeOwn(stepId) : queues.takeChild(id, name ?? '', stepId);
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
  // Why the run ended as it did, told with an end not met unless a request's diff already says it.
  const why = failures.length === 0 ? result.error : null;
  for (const expectation of testCase.expectations) {
    const unmet = unmetExpectation(expectation, replayed);
    if (unmet === undefined) continue;
    failures.push(expectation.kind === 'outcome' && why !== null ? `${unmet}: ${why}` : unmet);
  }
  return done(started.runId);
}
