/** What "save as test case" keeps of a finished run, apart from the service so each rule is tested alone. */
import { AppError } from '../../../shared/api/appError';
import { receivedResponseSchema, sentRequestSchema } from '../../../shared/domain/requestResult';
import type { GoingRunStatus, RunStatus } from '../../../shared/domain/runStatus';
import {
  testCaseContentSchema,
  type Expectation,
  type RecordedStep,
} from '../../../shared/rehearsal/testCase';
import { rehearsalOf } from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { descriptorNamed } from '../../../shared/runbook/steps/stepRegistry';
import type { RunRow, StepRecord } from '../db/repositories/runRepository';
import type { TestCaseRow } from '../db/repositories/testCaseRepository';

/** A run with its step records, as the run repository reads it. */
export type RunWithSteps = RunRow & { steps: StepRecord[] };

/** A run that has ended: the only kind a test case is made of. */
export type FinishedRun = RunWithSteps & { status: Exclude<RunStatus, GoingRunStatus> };

/** Where `recordingsOf` finds the sub-runbook runs a run started, and their runbooks' names. */
export interface RecordingSources {
  childRun: (runId: string) => RunWithSteps | undefined;
  runbookName: (runbookId: string) => string | undefined;
}

/** A step record's response as a recording keeps it (the marker of a response not sent goes). */
function recordedResponse(response: unknown) {
  const { rehearsal: _marker, ...rest } =
    typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
  const parsed = receivedResponseSchema.safeParse(rest);
  return parsed.success ? parsed.data : null;
}

/** The last outputs of each step of a run. */
export const lastOutputs = (steps: readonly StepRecord[]) =>
  Object.fromEntries(steps.map((step) => [step.stepId, step.outputs]));

/** Step types whose recorded responses a replay answers from (a request, a child run). */
const replayedStepTypes: ReadonlySet<string> = new Set(['method', 'runRunbook']);

/**
 * A replay answers requests from their recordings but runs the runbook's own logic (Condition,
 * Switch, For each, Set variables…) anew: a run that took such a step from its pin would replay
 * along another path. Refused with the step to unpin, rather than saved as a case that fails.
 */
export function refuseLogicAnsweredByPins(
  run: { steps: readonly StepRecord[] },
  draftOf: () => RunbookGraph,
): void {
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

/**
 * Every method step of a run and of the sub-runbook runs it started, in the order they ran,
 * appended to `into`: `runbook` is null for the case's own run, else the child's name and id.
 */
export function recordingsOf(
  run: RunWithSteps,
  runbook: { name: string; id: string } | null,
  sources: RecordingSources,
  into: RecordedStep[] = [],
): RecordedStep[] {
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
    const child = childRunId === undefined ? undefined : sources.childRun(childRunId);
    if (child !== undefined)
      recordingsOf(
        child,
        { name: sources.runbookName(child.runbookId) ?? child.runbookId, id: child.runbookId },
        sources,
        into,
      );
  }
  return into;
}

/**
 * The test case a finished run becomes: its inputs, client, recordings and outcome, expecting
 * `expectations` when given, else the same end state (a cancelled run expects nothing); named for
 * when it was queued unless `name` is given.
 */
export function testCaseFromRun(
  run: FinishedRun,
  sources: RecordingSources,
  made: {
    id: string;
    createdAt: string;
    name?: string | undefined;
    expectations?: Expectation[] | undefined;
  },
): TestCaseRow {
  const status = run.status;
  return {
    id: made.id,
    runbookId: run.runbookId,
    createdAt: made.createdAt,
    name: made.name ?? `Run of ${run.queuedAt.slice(0, 16).replace('T', ' ')}`,
    inputs: run.inputs,
    client: run.clientName,
    recordings: recordingsOf(run, null, sources),
    outcome: {
      status,
      message: run.message,
      path: run.steps.map((step) => step.stepId),
      outputs: lastOutputs(run.steps),
    },
    expectations: made.expectations ?? (status === 'cancelled' ? [] : [{ kind: 'outcome', status }]),
  };
}

/** The part of a case a schema issue is in, as the user knows it ("The outputs of "Fetch""). */
function partAt(path: readonly PropertyKey[], stepName: (stepId: string) => string): string {
  const [first, second, third] = path;
  if (first === 'outcome' && second === 'outputs' && typeof third === 'string')
    return `The outputs of "${stepName(third)}"`;
  if (first === 'outcome' && second === 'path') return 'The steps this run went through';
  if (first === 'recordings') return 'The requests this run recorded';
  if (first === 'inputs') return 'The inputs of this run';
  return 'What this run recorded';
}

/**
 * Refuses a case its own schema would not read back (a Run runbook step taking 1,100 variables
 * from its child, more outputs than a case keeps of a step): the repository leaves such a row out
 * of every list, so it was saved out of sight, and the call failed with "an unexpected answer".
 */
export function refuseUnreadableCase(row: TestCaseRow, stepName: (stepId: string) => string): void {
  const parsed = testCaseContentSchema.safeParse(row);
  const issue = parsed.error?.issues[0];
  if (issue === undefined) return;
  throw new AppError(
    'invalid_input',
    `${partAt(issue.path, stepName)} cannot be kept in a test case (${issue.message}), so this run cannot be saved as one.`,
    'runId',
  );
}
