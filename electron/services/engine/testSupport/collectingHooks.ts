/**
 * Test support: run hooks that keep what the engine told them in memory — the calls in order,
 * and each run with its step records the way a recorder would have written them.
 */
import type { FinishedStep, QueuedRun, RunHooks, StartedStep, StepRef } from '../runHooks';

export interface CollectedRun extends QueuedRun {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  /** The run's result message (its End step's), once finished. */
  message: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Started steps stay "running" until finished. */
  steps: ((StartedStep & { status: 'running'; outputs?: undefined; error?: undefined }) | FinishedStep)[];
}

export interface CollectingHooks {
  hooks: RunHooks;
  /** `hook:runbook-or-step…`, in the order the engine called them. */
  calls: string[];
  /** `stepId:status` of every step finished, of every run, in order. */
  finishedSteps: string[];
  /** The requests that may change another system, as announced before they were sent. */
  changingRequests: { step: StepRef; ancestors: readonly StepRef[] }[];
  get(runId: string): CollectedRun | undefined;
  list(runbookId: string): CollectedRun[];
}

/** `stopBeforeStep` and `beforeChangingRequest` answer as given (by default: go on). */
export function collectingHooks(
  answers: Partial<Pick<RunHooks, 'stopBeforeStep' | 'beforeChangingRequest'>> = {},
): CollectingHooks {
  const runs = new Map<string, CollectedRun>();
  const calls: string[] = [];
  const finishedSteps: string[] = [];
  const changingRequests: CollectingHooks['changingRequests'] = [];
  const runOf = (runId: string): CollectedRun => {
    const run = runs.get(runId);
    if (run === undefined) throw new Error(`a hook named run ${runId} before it was queued`);
    return run;
  };
  const hooks: RunHooks = {
    runQueued: (run) => {
      calls.push(`runQueued:${run.runbookId}`);
      runs.set(run.runId, {
        ...run,
        status: 'queued',
        error: null,
        message: null,
        startedAt: null,
        finishedAt: null,
        steps: [],
      });
    },
    runStarted: (runId, startedAt) => {
      calls.push('runStarted');
      Object.assign(runOf(runId), { status: 'running', startedAt });
    },
    inputsPrepared: (runId, inputs) => {
      calls.push('inputsPrepared');
      runOf(runId).inputs = inputs;
    },
    stepStarted: (step) => {
      calls.push(`stepStarted:${step.stepId}`);
      runOf(step.runId).steps.push({ ...step, status: 'running' });
    },
    stepFinished: (step) => {
      calls.push(`stepFinished:${step.stepId}:${step.status}`);
      finishedSteps.push(`${step.stepId}:${step.status}`);
      const steps = runOf(step.runId).steps;
      const at = steps.findIndex((candidate) => candidate.seq === step.seq);
      if (at < 0) throw new Error(`step ${String(step.seq)} finished before it started`);
      steps[at] = { ...step };
    },
    runFinished: ({ runId, status, error, message, finishedAt }) => {
      calls.push(`runFinished:${status}`);
      Object.assign(runOf(runId), { status, error, message, finishedAt });
    },
    stopBeforeStep: (runId, stepName) => answers.stopBeforeStep?.(runId, stepName),
    beforeChangingRequest: (step, ancestors, signal) => {
      calls.push(`beforeChangingRequest:${String(step.seq)}`);
      changingRequests.push({ step, ancestors });
      return answers.beforeChangingRequest?.(step, ancestors, signal) ?? Promise.resolve();
    },
  };
  return {
    hooks,
    calls,
    finishedSteps,
    changingRequests,
    get: (runId) => runs.get(runId),
    list: (runbookId) => [...runs.values()].filter((run) => run.runbookId === runbookId),
  };
}
