/**
 * One run driven from its first step to its end (engine.ts starts it): its scope and context
 * are opened, each step is gated (a debug pause, a stop the host asks for, the step limit), run
 * and told to the host's hooks as it starts and finishes, and its outcome picks the edge to
 * follow — until an End, a step with no edge for its outcome (the run fails, saying so),
 * cancellation, or the step limit.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { isoTime } from '../../../shared/domain/isoTime';
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import { boundedRecord, boundedResultMessage } from './boundedRecord';
import { restoreEarlierSteps } from './earlierSteps';
import type { RunResult, StartRunInput } from './engineTypes';
import {
  createExecutionContext,
  type EngineCapabilities,
  type ExecutionContext,
  type RunScope,
  type StepOutcome,
} from './executionContext';
import { recordMaskFor, type RecordMask } from './recordMask';
import { liveSource } from './responseSource';
import { maskedCapabilities } from './runCapabilities';
import type { RunConfig } from './runConfig';
import type { RunHooks, StartedStep } from './runHooks';
import { prepareInputs } from './runInputs';
import { runStep } from './runStep';

export const maxStepsPerRun = 100_000;
/** Longest stretch of steps run without letting the event loop turn. */
const turnEveryMs = 5;

/** The run whose Run runbook step starts a child run, as the child needs it. */
export interface ParentRun {
  runId: string;
  input: StartRunInput;
  depth: number;
  /** The step running now: the child names it among its ancestors. */
  seq: () => number;
}

export interface DriverDependencies {
  hooks: RunHooks;
  now: () => Date;
  capabilities: Omit<EngineCapabilities, 'runChild'>;
  /** Runs a runbook as the child of the parent's running step (engine.ts). */
  runChild: (
    parent: ParentRun,
    runbookId: string,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ) => ReturnType<EngineCapabilities['runChild']>;
}

/** A run going: what its steps share. */
interface GoingRun {
  runId: string;
  input: StartRunInput;
  signal: AbortSignal;
  mask: RecordMask;
  scope: RunScope;
  context: ExecutionContext;
  /** The step running now (its number and name), and when it started (ms since the epoch): its record's duration. */
  seq: number;
  stepName: string;
  stepStartedAtMs: number;
  /** Tells the hooks how the run ended, and returns it. */
  finish: (status: RunResult['status'], error: string | null, message?: string | null) => RunResult;
}

/** Drives the run `runId` of `input` to its end; `controller` cancels it. */
export type Drive = (
  runId: string,
  input: StartRunInput,
  controller: AbortController,
  config: RunConfig | undefined,
) => Promise<RunResult>;

export function createDriver(deps: DriverDependencies): Drive {
  const { hooks, now } = deps;

  /** Opens the run's scope and context: what every step of it reads and writes. */
  const openRun = (
    runId: string,
    input: StartRunInput,
    controller: AbortController,
    config: RunConfig | undefined,
  ): GoingRun => {
    const mask = recordMaskFor(input.maskedValues);
    const scope: RunScope = {
      inputs: {},
      vars: {},
      steps: {},
      trigger: { body: input.triggerBody ?? null },
      client: input.client ?? '',
      items: {},
      ...(config === undefined ? {} : { config }),
    };
    const depth = input.depth ?? 0;
    const parent: ParentRun = { runId, input, depth, seq: () => run.seq };
    const capabilities: EngineCapabilities = {
      ...maskedCapabilities(deps.capabilities, input.maskedValues, mask),
      runChild: (runbookId, inputs, signal) => deps.runChild(parent, runbookId, inputs, signal),
    };
    const responses = input.rehearsal?.sourceFor(input.runbookId) ?? liveSource;
    const context = createExecutionContext(runId, scope, controller.signal, capabilities, responses);
    const run: GoingRun = {
      runId,
      input,
      signal: controller.signal,
      mask,
      scope,
      context,
      seq: 0,
      stepName: '',
      stepStartedAtMs: 0,
      finish: (status, error, message = null) => finishRun(run, config, status, error, message),
    };
    // Set once per run (not per step): the step running then is `run.seq`.
    const ancestors = input.ancestors ?? [];
    context.commitStepStart = () =>
      hooks.beforeChangingRequest({ runId, seq: run.seq }, ancestors, controller.signal);
    context.currentSeq = () => run.seq;
    const { stepWaiting } = hooks;
    // The step is named when it waits (its run's parents show where): nothing is made per step.
    if (stepWaiting !== undefined)
      context.onRateLimitWait = (wait) =>
        stepWaiting.call(hooks, { runId, seq: run.seq, stepName: run.stepName, ancestors }, wait);
    return run;
  };

  const finishRun = (
    run: GoingRun,
    config: RunConfig | undefined,
    status: RunResult['status'],
    error: string | null,
    message: string | null,
  ): RunResult => {
    const { mask } = run;
    // Masked before it is cut, so no part of a credential is left at the cut.
    const kept = message === null ? null : boundedResultMessage(mask(message));
    // A run that read configuration values hands its variables on masked: a secret a child
    // run read stays •••• in the records of the run that started it.
    const vars = config === undefined ? run.scope.vars : mask(run.scope.vars);
    hooks.runFinished({
      runId: run.runId,
      status,
      // Cut as the message is: a failed End's message is also the run's error.
      error: error === null ? null : (boundedResultMessage(mask(error)) ?? ''),
      message: kept,
      finishedAt: now().toISOString(),
    });
    return { runId: run.runId, status, error, message: kept, vars };
  };

  /** The run's inputs made ready, then the step it starts at; or how it ended at once. */
  const firstStepOf = (run: GoingRun): Step | RunResult => {
    const { input, scope, mask } = run;
    try {
      scope.inputs = prepareInputs(input.graph.inputs, input.inputs, mask);
      // The run's record shows, and a re-run repeats, the values the steps saw: defaults filled
      // in (a scheduled run has none given), text turned into numbers, true/false, JSON.
      if (JSON.stringify(scope.inputs) !== JSON.stringify(input.inputs))
        hooks.inputsPrepared(run.runId, mask(scope.inputs));
    } catch (error) {
      return run.finish('failed', (error as Error).message);
    }
    const fromStepId = input.continued?.fromStepId ?? input.resume?.fromStepId;
    const first =
      fromStepId === undefined
        ? input.graph.steps.find((step) => stepTypes[step.type].isStart === true)
        : input.graph.steps.find((step) => step.id === fromStepId);
    if (first !== undefined) return first;
    return run.finish(
      'failed',
      fromStepId === undefined
        ? 'The runbook has no Start step.'
        : 'The step to start from no longer exists.',
    );
  };

  /** Why the run must not go on to `step`, if it must not. */
  const stopBefore = (run: GoingRun, seq: number, step: Step): RunResult | undefined => {
    // E.g. a full disk: a run must not go on changing other systems with nothing on disk to show for it.
    const stopReason = hooks.stopBeforeStep(run.runId, step.name);
    if (stopReason !== undefined) return run.finish('failed', stopReason);
    if (seq > maxStepsPerRun)
      return run.finish('failed', `The run passed ${String(maxStepsPerRun)} steps; is a loop endless?`);
    return undefined;
  };

  /** Tells the hooks the step starts; it is the run's step now. */
  const startStep = (run: GoingRun, seq: number, step: Step): StartedStep => {
    const startedAtMs = now().getTime();
    const started: StartedStep = {
      runId: run.runId,
      seq,
      stepId: step.id,
      stepType: step.type,
      startedAt: isoTime(startedAtMs),
    };
    hooks.stepStarted(started);
    run.seq = seq;
    run.stepName = step.name;
    run.stepStartedAtMs = startedAtMs;
    return started;
  };

  /** Tells the hooks how the step ended (masked, cut to size) and puts its outputs in scope. */
  const finishStep = (run: GoingRun, started: StartedStep, outcome: StepOutcome) => {
    const { mask } = run;
    const finishedAtMs = now().getTime();
    const kept = boundedRecord(outcome);
    // Field by field rather than spread: this runs for every step.
    hooks.stepFinished({
      runId: started.runId,
      seq: started.seq,
      stepId: started.stepId,
      stepType: started.stepType,
      startedAt: started.startedAt,
      status: run.signal.aborted ? 'cancelled' : outcome.status,
      request: mask(kept.request),
      response: mask(kept.response),
      outputs: mask(kept.outputs),
      error: mask(outcome.error ?? null),
      finishedAt: isoTime(finishedAtMs),
      durationMs: finishedAtMs - run.stepStartedAtMs,
      isArrivalUnknown: outcome.isArrivalUnknown === true,
      isNeverSent: outcome.isNeverSent === true,
    });
    run.scope.steps[started.stepId] = { status: outcome.status, outputs: outcome.outputs ?? {} };
  };

  /** The step the outcome leads to; or how the run ends there. */
  const stepAfter = (
    run: GoingRun,
    steps: ReadonlyMap<string, Step>,
    step: Step,
    outcome: StepOutcome,
  ): Step | RunResult => {
    if (run.signal.aborted) return run.finish('cancelled', 'Cancelled.');
    if (outcome.end !== undefined) {
      return run.finish(
        outcome.end.outcome,
        outcome.end.outcome === 'failed' ? outcome.end.message || `Ended at "${step.name}".` : null,
        outcome.end.message,
      );
    }
    const edge =
      outcome.edge === null
        ? undefined
        : run.input.graph.edges.find(
            (candidate) => candidate.from === step.id && candidate.kind === outcome.edge,
          );
    if (edge === undefined) {
      return run.finish(
        'failed',
        outcome.status === 'failed'
          ? `"${step.name}" failed${outcome.error === undefined ? '' : `: ${outcome.error}`}`
          : `"${step.name}" has no "${outcome.edge ?? ''}" edge to follow.`,
      );
    }
    return (
      steps.get(edge.to) ?? run.finish('failed', `"${step.name}" leads to a step that no longer exists.`)
    );
  };

  return async (runId, input, controller, config) => {
    const run = openRun(runId, input, controller, config);
    if (input.continued === undefined) hooks.runStarted(runId, now().toISOString());
    const first = firstStepOf(run);
    if (!isStep(first)) return first;
    const steps = new Map(input.graph.steps.map((step) => [step.id, step]));
    const firstSeq = restoreEarlierSteps(runId, input, run.context, run.scope, hooks, now);
    let current = first;
    let lastTurnAt = performance.now();
    for (let seq = firstSeq; ; seq += 1) {
      if (controller.signal.aborted) return run.finish('cancelled', 'Cancelled.');
      const pause = input.pauseGate?.beforeStep({
        runId,
        seq,
        step: current,
        scope: run.scope,
        signal: controller.signal,
        mask: run.mask,
      });
      if (pause !== undefined) {
        // Paused: nothing of the run is held open meanwhile (no transaction, no request out).
        const stopReason = await pause;
        if (controller.signal.aborted) return run.finish('cancelled', 'Cancelled.');
        if (stopReason !== undefined) return run.finish('cancelled', stopReason);
        lastTurnAt = performance.now();
      }
      const stopped = stopBefore(run, seq, current);
      if (stopped !== undefined) return stopped;
      const started = startStep(run, seq, current);
      const outcome = await runStep(current, run.context, controller.signal);
      finishStep(run, started, outcome);
      const next = stepAfter(run, steps, current, outcome);
      if (!isStep(next)) return next;
      current = next;
      // Quick steps never wait on anything: every few milliseconds of them, let a cancel (and
      // the rest of the app) in. Not after every step: that turn costs more than a quick step.
      if (performance.now() - lastTurnAt > turnEveryMs) {
        await nextTurn();
        lastTurnAt = performance.now();
      }
    }
  };
}

/** A step has a type; a run's result has none. */
const isStep = (value: Step | RunResult): value is Step => 'type' in value;
