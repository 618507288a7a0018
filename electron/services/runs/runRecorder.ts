/**
 * The hooks by which the backend keeps run history: each of the engine's lifecycle hooks writes
 * its record through the run repository, then publishes what changed — the run as it is now
 * (runs.changed) or the step's record summary (runs.stepChanged) — so a window applies it
 * instead of reading the run again. A step whose request waits for its integration's rate limit
 * (or a Retry-After pause) says so while it waits (runs.stepWaiting), as do the Run runbook steps
 * whose child run it is; a run read meanwhile shows it (`waitOf`, and its record in the other
 * processes on the data folder).
 *
 * Once the backend closes, the database is gone: runs still going stop being recorded (the next
 * start marks them interrupted), and a request that may change another system is not sent.
 */
import { AppError } from '../../../shared/api/appError';
import type { z } from 'zod';
import type { runSummarySchema } from '../../../shared/domain/runbook';
import type { RateLimitWait, RateLimitWaitNote } from '../../../shared/domain/rateLimitWait';
import type { RunRepository } from '../db/repositories/runRepository';
import type { RunHooks, StepRef, WaitingStep } from '../engine/runHooks';
import type { EventBus } from '../events/eventBus';
import { createHistoryBudget } from './historyBudget';
import { finishedStepSummary, startedStepSummary } from './stepSummary';

type RunSummary = z.infer<typeof runSummarySchema>;

export interface RunRecorder {
  /** What the engine is given as its hooks. */
  readonly hooks: RunHooks;
  /** The backend is closing: nothing more is written or published. */
  close(): void;
  /** What the running step of a run going here waits for before its request leaves, if it waits. */
  waitOf(runId: string): { seq: number; wait: RateLimitWaitNote } | undefined;
}

export interface RunRecorderDependencies {
  runs: RunRepository;
  events: EventBus;
  /**
   * Why a run of this runbook may not start now (it is being deleted), wherever the run comes
   * from: a person, a trigger, a parent runbook's step, a test case. Undefined: it may.
   */
  refusal?: (runbookId: string) => string | undefined;
  /** How much a run's step records may keep, in characters, before it stops (default 1 GB). */
  maxHistoryChars?: number;
  /** A wait told by the limiter (by ids), by the names a window shows; absent: waits are not told. */
  noteOfWait?: (wait: RateLimitWait) => RateLimitWaitNote;
  /** A runbook's name, read when a child run's step waits: its parent's step says where. */
  runbookNameOf?: (runbookId: string) => string | undefined;
}

/** A run as read, its running step saying what it waits for (a window opened during the wait shows it). */
export function withStepWaiting<
  Run extends { steps: { seq: number; status: string; rateLimitWait?: RateLimitWaitNote }[] },
>(run: Run, told: { seq: number; wait: RateLimitWaitNote } | undefined): Run {
  if (told === undefined) return run;
  const step = run.steps.find((record) => record.seq === told.seq && record.status === 'running');
  if (step !== undefined) step.rateLimitWait = told.wait;
  return run;
}

const diskFullMessage = (stepName: string) =>
  `The disk is full, so the run stopped before "${stepName}": its records could not be saved. ` +
  'Free some space; the records kept meanwhile are written then.';

export function createRunRecorder(deps: RunRecorderDependencies): RunRecorder {
  const { runs, events, refusal } = deps;
  let isClosed = false;
  /** The runs going now, as their events describe them. */
  const going = new Map<string, RunSummary>();
  const history = createHistoryBudget(deps.maxHistoryChars);
  /** The runs whose running step waits now, and what for. */
  const waiting = new Map<string, { seq: number; wait: RateLimitWaitNote }>();
  const noteOfWait = deps.noteOfWait;

  /** Tells the windows that a step waits (or no longer does), and keeps it on the step's record. */
  const tellWait = (step: StepRef, note: RateLimitWaitNote | null) => {
    if (note === null) waiting.delete(step.runId);
    else waiting.set(step.runId, { seq: step.seq, wait: note });
    runs.setStepWait(step.runId, step.seq, note);
    const runbookId = going.get(step.runId)?.runbookId ?? '';
    events.emit({
      name: 'runs.stepWaiting',
      payload: { runId: step.runId, runbookId, seq: step.seq, wait: note },
    });
  };

  /**
   * A step's request waits (or no longer does): told for it, and for the Run runbook steps that
   * started its run, naming where it waits. A wait not told is not untold.
   */
  const stepWaiting = (step: WaitingStep, wait: RateLimitWait | null) => {
    if (isClosed || noteOfWait === undefined) return;
    const told = waiting.get(step.runId);
    if (wait === null && told?.seq !== step.seq) return;
    const note = wait === null ? null : noteOfWait(wait);
    tellWait(step, note);
    if (step.ancestors.length === 0) return;
    const runbookId = going.get(step.runId)?.runbookId;
    const runbookName =
      (runbookId === undefined ? undefined : deps.runbookNameOf?.(runbookId)) ?? 'another runbook';
    const inChild = note === null ? null : { ...note, inChild: { runbookName, stepName: step.stepName } };
    for (const ancestor of step.ancestors) tellWait(ancestor, inChild);
  };

  const publishRun = (run: RunSummary) => events.emit({ name: 'runs.changed', payload: { run: { ...run } } });
  /** Applies a change to a run going now and publishes the run as it then is. */
  const changeRun = (runId: string, change: Partial<RunSummary>) => {
    const run = going.get(runId);
    if (run === undefined) return;
    Object.assign(run, change);
    publishRun(run);
  };

  const hooks: RunHooks = {
    runQueued: (run) => {
      if (isClosed) return;
      const refused = refusal?.(run.runbookId);
      if (refused !== undefined) throw new AppError('conflict', refused);
      runs.create(
        {
          id: run.runId,
          runbookId: run.runbookId,
          versionId: run.versionId,
          trigger: run.trigger,
          clientName: run.clientName,
          inputs: run.inputs,
          queuedAt: run.queuedAt,
          triggerBody: run.triggerBody,
          rerunOf: run.rerunOf,
          resumedFromStep: run.resumedFromStep,
          mode: run.mode,
          groupId: run.groupId,
          parent: run.parent,
        },
        // Told of outside this run: a webhook's sender is answered 202 once its run starts (and
        // does not deliver it again), a run group lists its clients' runs. Such a run's row must
        // outlive a crash a moment later; any other is written with its first records.
        {
          isCommittedAtOnce: run.trigger === 'webhook' || run.groupId !== null,
          isIdNew: !run.isIdGiven,
        },
      );
      const summary: RunSummary = {
        id: run.runId,
        runbookId: run.runbookId,
        versionId: run.versionId,
        versionNumber: run.versionId === null ? null : runs.versionNumber(run.versionId),
        status: 'queued',
        trigger: run.trigger,
        clientName: run.clientName,
        inputs: run.inputs,
        error: null,
        queuedAt: run.queuedAt,
        startedAt: null,
        finishedAt: null,
        rerunOf: run.rerunOf,
        resumedFromStep: run.resumedFromStep,
        message: null,
        mode: run.mode,
        groupId: run.groupId,
      };
      going.set(run.runId, summary);
      publishRun(summary);
    },
    runContinued: (runId) => {
      if (isClosed) return;
      const run = runs.get(runId);
      if (run === undefined) return;
      const { steps: _steps, ...summary } = run;
      going.set(runId, { ...summary, status: 'running' });
    },
    runStarted: (runId, startedAt) => {
      if (isClosed) return;
      runs.markStarted(runId, startedAt);
      changeRun(runId, { status: 'running', startedAt });
    },
    inputsPrepared: (runId, inputs) => {
      if (isClosed) return;
      runs.setInputs(runId, inputs);
      changeRun(runId, { inputs });
    },
    stepStarted: (step) => {
      if (isClosed) return;
      runs.startStep(step.runId, step);
      const runbookId = going.get(step.runId)?.runbookId ?? '';
      events.emit({
        name: 'runs.stepChanged',
        payload: { runId: step.runId, runbookId, step: startedStepSummary(step) },
      });
    },
    stepWaiting,
    stepFinished: (step) => {
      if (isClosed) return;
      if (waiting.get(step.runId)?.seq === step.seq) waiting.delete(step.runId);
      const kept = runs.finishStep(step.runId, step);
      history.add(step.runId, kept);
      const runbookId = going.get(step.runId)?.runbookId ?? '';
      events.emit({
        name: 'runs.stepChanged',
        payload: { runId: step.runId, runbookId, step: finishedStepSummary(step) },
      });
    },
    runFinished: ({ runId, status, error, message, finishedAt }) => {
      if (isClosed) return;
      runs.markFinished(runId, status, finishedAt, error, message);
      changeRun(runId, { status, error, message, finishedAt });
      going.delete(runId);
      waiting.delete(runId);
      history.forget(runId);
    },
    // Records that cannot be written are kept until space is free, but a run must not go on
    // changing other systems with nothing on disk to show for it; nor fill the disk by itself
    // (a 10 MB variable set in a 10,000-pass loop would keep 100 GB).
    stopBeforeStep: (runId, stepName) => {
      if (isClosed) return undefined;
      if (runs.storageFault() === 'full') return diskFullMessage(stepName);
      return history.stopReason(runId, stepName);
    },
    beforeChangingRequest: (step, ancestors, signal) =>
      isClosed
        ? Promise.reject(new AppError('conflict', 'The app is closing, so the request was not sent.'))
        : runs.commitStepStart(step.runId, step.seq, { signal, ancestors }),
  };

  return {
    hooks,
    waitOf: (runId) => waiting.get(runId),
    close: () => {
      isClosed = true;
      going.clear();
      waiting.clear();
      history.clear();
    },
  };
}
