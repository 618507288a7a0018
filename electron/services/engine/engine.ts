/**
 * Runs a runbook graph (ARCHITECTURE.md "data flow of a run"): from Start, each step's templates
 * are resolved from the run context, its executor runs, the host's hooks hear of it as it starts
 * and finishes (they write the record and publish the event; see runHooks.ts), and its outcome
 * picks the edge to follow — until an End, a step with no edge for its outcome (the run fails,
 * saying so), cancellation, or the step limit.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../../../shared/api/appError';
import { isoTime } from '../../../shared/domain/isoTime';
import type { TriggerKind } from '../../../shared/domain/triggerKind';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import {
  createExecutionContext,
  type ExecutionContext,
  type EngineCapabilities,
  type OpenLoop,
  type RunScope,
  type StepOutcome,
} from './executionContext';
import { restoreOpenLoops } from './steps/forEach';
import { executeStep, restoreReusedStep } from './steps/stepExecutors';
import { boundedRecord, boundedResultMessage } from './boundedRecord';
import { recordMaskFor } from './recordMask';
import { liveSource, type Rehearsal } from './responseSource';
import type { PauseGate } from './pauseGate';
import type { RunHooks } from './runHooks';
import { prepareInputs } from './runInputs';
import { newRunId } from '../../../shared/domain/runId';

export const maxStepsPerRun = 100_000;
export const maxRunbookDepth = 5;
/** Longest stretch of steps run without letting the event loop turn. */
const turnEveryMs = 5;

export interface StartRunInput {
  /**
   * The run's id, when the caller chose it (a window that subscribes to the run's events before
   * it starts); else a new one. An id already in use is refused.
   */
  runId?: string;
  runbookId: string;
  versionId: string | null;
  graph: RunbookGraph;
  inputs: Record<string, unknown>;
  trigger: TriggerKind;
  client?: string;
  triggerBody?: unknown;
  /** How deep inside Run runbook steps this run is (0 for a top-level run). */
  depth?: number;
  /** The run this one repeats. */
  rerunOf?: string;
  /** Start at this step, with the records of the steps before it taken from the earlier run. */
  resume?: { fromStepId: string; reused: readonly ReusedStep[] };
  /**
   * Takes up a run of this very id that was waiting for an approval when the app stopped: its
   * record exists, so nothing is queued; the steps before `fromStepId` are not recorded again
   * (`earlier` puts their outputs back in scope) and the step runs again as record `atSeq`.
   */
  continued?: {
    fromStepId: string;
    atSeq: number;
    earlier: readonly ReusedStep[];
    /** The For each loops the step was inside, so the run goes on at the same iteration. */
    loops?: readonly OpenLoop[];
  };
  /**
   * Values the run may use but never records (a webhook's own credential mapped to an input):
   * they are •••• in its inputs, payload, step records, errors and call log, and in its children's.
   */
  maskedValues?: readonly string[];
  /**
   * The Run runbook steps that started this run, outermost first: when this run is about to send
   * a request that may change another system, they are marked as possibly sent too, so a re-run
   * of the outer run asks before repeating it.
   */
  ancestors?: readonly { runId: string; seq: number }[];
  /**
   * How the run rehearses (pins, dry run, replay; see responseSource.ts); its Run runbook steps'
   * children rehearse the same way. Absent: every request is sent.
   */
  rehearsal?: Rehearsal;
  /** The run group this run is one client's run of (run across clients). */
  groupId?: string;
  /**
   * A debug run's gate, asked before every step whether to pause there (see pauseGate.ts). Only
   * this run's own steps: a Run runbook step's child runs to its end as that one step.
   */
  pauseGate?: PauseGate;
}

/** An earlier run's record of a step, carried into a run that resumes after it. */
export interface ReusedStep {
  stepId: string;
  stepType: string;
  status: 'succeeded' | 'failed';
  outputs: Record<string, unknown>;
  request: unknown;
  response: unknown;
}

export interface RunResult {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  /** The message of the End step it ended at (see FinishedRun). */
  message: string | null;
  vars: Record<string, unknown>;
}

export interface Engine {
  start(input: StartRunInput): { runId: string; finished: Promise<RunResult> };
  cancel(runId: string): boolean;
}

export interface EngineDependencies {
  /** How the host records runs and tells about them (the engine records nothing itself). */
  hooks: RunHooks;
  capabilities: Omit<EngineCapabilities, 'runChild'>;
  now?: () => Date;
}

/** The edge a step that threw or timed out leaves by: its failure edge, if its type has one. */
const failureEdgeOf = (step: Step) => (stepTypes[step.type].outgoing.includes('failure') ? 'failure' : null);

/**
 * Runs one step under its own signal: the run's cancellation reaches it, and so does its
 * timeout (when the step has one), which fails the step — along its failure edge if it has one.
 */
async function runStep(step: Step, context: ExecutionContext, runSignal: AbortSignal): Promise<StepOutcome> {
  const timeoutSeconds = 'timeoutSeconds' in step ? step.timeoutSeconds : undefined;
  if (timeoutSeconds === undefined) {
    // No timeout (most steps): the run's own signal is all the step needs.
    try {
      return await executeStep(step, context);
    } catch (error) {
      if (runSignal.aborted) return { status: 'failed', edge: null, error: 'Cancelled.' };
      return { status: 'failed', edge: failureEdgeOf(step), error: (error as Error).message };
    }
  }
  const stepController = new AbortController();
  const onRunAbort = () => stepController.abort();
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  let hasTimedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<StepOutcome>((resolve) => {
    timer = setTimeout(() => {
      hasTimedOut = true;
      stepController.abort();
      resolve({
        status: 'failed',
        edge: failureEdgeOf(step),
        error: `"${step.name}" did not finish within its ${String(timeoutSeconds)} s timeout.`,
      });
    }, timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([executeStep(step, { ...context, signal: stepController.signal }), timedOut]);
  } catch (error) {
    if (runSignal.aborted) return { status: 'failed', edge: null, error: 'Cancelled.' };
    if (hasTimedOut) return await timedOut;
    return { status: 'failed', edge: failureEdgeOf(step), error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    runSignal.removeEventListener('abort', onRunAbort);
  }
}

export function createEngine(deps: EngineDependencies): Engine {
  const now = deps.now ?? (() => new Date());
  const hooks = deps.hooks;
  const controllers = new Map<string, AbortController>();

  async function drive(runId: string, input: StartRunInput, controller: AbortController): Promise<RunResult> {
    const depth = input.depth ?? 0;
    /** The step running now: a child run started by it names it among its ancestors. */
    let currentSeq = 0;
    const mask = recordMaskFor(input.maskedValues);
    const scope: RunScope = {
      inputs: {},
      vars: {},
      steps: {},
      trigger: { body: input.triggerBody ?? null },
      client: input.client ?? '',
      items: {},
    };
    const rehearseMethod = deps.capabilities.rehearseMethod;
    const awaitApproval = deps.capabilities.awaitApproval;
    const capabilities: EngineCapabilities = {
      ...deps.capabilities,
      ...(input.maskedValues === undefined
        ? {}
        : {
            sendMethod: (send) =>
              deps.capabilities.sendMethod({
                ...send,
                maskedValues: [...(send.maskedValues ?? []), ...(input.maskedValues ?? [])],
              }),
            ...(rehearseMethod === undefined
              ? {}
              : {
                  rehearseMethod: (rehearse) =>
                    rehearseMethod({ ...rehearse, maskedValues: input.maskedValues }),
                }),
            // The approver reads the message: a webhook's credential stays •••• there too.
            ...(awaitApproval === undefined
              ? {}
              : {
                  awaitApproval: (request, signal) =>
                    awaitApproval(
                      { ...request, message: mask(request.message), loops: mask(request.loops) },
                      signal,
                    ),
                }),
          }),
      runChild: async (runbookId, inputs, signal) => {
        if (depth + 1 > maxRunbookDepth) {
          return {
            status: 'failed',
            vars: {},
            error: `Runbooks may nest at most ${String(maxRunbookDepth)} deep.`,
          };
        }
        const child = deps.capabilities.loadRunbook(runbookId, { isPublishedRun: input.versionId !== null });
        if (child === undefined)
          return { status: 'failed', vars: {}, error: 'The runbook to run no longer exists.' };
        // Checked like a run started by hand, so a broken child is refused before it starts.
        if (child.problem !== null)
          return { status: 'failed', vars: {}, error: `"${child.name}" cannot run: ${child.problem}` };
        const pinProblem = input.rehearsal?.pinProblemOf?.(runbookId, child.graph) ?? null;
        if (pinProblem !== null)
          return { status: 'failed', vars: {}, error: `"${child.name}" cannot run: ${pinProblem}` };
        const started = start({
          runbookId,
          versionId: child.versionId,
          graph: child.graph,
          inputs,
          trigger: input.trigger,
          client: scope.client,
          depth: depth + 1,
          ancestors: [...(input.ancestors ?? []), { runId, seq: currentSeq }],
          ...(input.maskedValues === undefined ? {} : { maskedValues: input.maskedValues }),
          ...(input.rehearsal === undefined ? {} : { rehearsal: input.rehearsal }),
        });
        const onAbort = () => cancel(started.runId);
        signal.addEventListener('abort', onAbort, { once: true });
        const result = await started.finished;
        signal.removeEventListener('abort', onAbort);
        return result;
      },
    };
    const responses = input.rehearsal?.sourceFor(input.runbookId) ?? liveSource;
    const context = createExecutionContext(runId, scope, controller.signal, capabilities, responses);
    // Set once per run (not per step): the step running then is `currentSeq`.
    const ancestors = input.ancestors ?? [];
    context.commitStepStart = () =>
      hooks.beforeChangingRequest({ runId, seq: currentSeq }, ancestors, controller.signal);
    context.currentSeq = () => currentSeq;
    const finish = (status: RunResult['status'], error: string | null, message: string | null = null) => {
      // Masked before it is cut, so no part of a credential is left at the cut.
      const kept = message === null ? null : boundedResultMessage(mask(message));
      const result: RunResult = { runId, status, error, message: kept, vars: scope.vars };
      hooks.runFinished({
        runId,
        status,
        error: mask(error),
        message: kept,
        finishedAt: now().toISOString(),
      });
      return result;
    };

    if (input.continued === undefined) hooks.runStarted(runId, now().toISOString());
    try {
      scope.inputs = prepareInputs(input.graph.inputs, input.inputs, mask);
      // The run's record shows, and a re-run repeats, the values the steps saw: defaults filled
      // in (a scheduled run has none given), text turned into numbers, true/false, JSON.
      if (JSON.stringify(scope.inputs) !== JSON.stringify(input.inputs))
        hooks.inputsPrepared(runId, mask(scope.inputs));
    } catch (error) {
      return finish('failed', (error as Error).message);
    }
    const steps = new Map(input.graph.steps.map((step) => [step.id, step]));
    const fromStepId = input.continued?.fromStepId ?? input.resume?.fromStepId;
    let current: Step | undefined =
      fromStepId === undefined
        ? input.graph.steps.find((step) => stepTypes[step.type].isStart === true)
        : steps.get(fromStepId);
    if (current === undefined)
      return finish(
        'failed',
        fromStepId === undefined
          ? 'The runbook has no Start step.'
          : 'The step to start from no longer exists.',
      );

    let firstSeq = input.continued?.atSeq ?? 1;
    for (const earlier of input.continued?.earlier ?? []) {
      scope.steps[earlier.stepId] = { status: earlier.status, outputs: earlier.outputs };
      restoreReusedStep(earlier.stepType, earlier.outputs, scope);
    }
    restoreOpenLoops(context, input.continued?.loops ?? []);
    for (const reused of input.resume?.reused ?? []) {
      // Recorded as "skipped" (not run again), with the earlier outputs the later steps read.
      const at = now().toISOString();
      const started = {
        runId,
        seq: firstSeq,
        stepId: reused.stepId,
        stepType: reused.stepType,
        startedAt: at,
      };
      hooks.stepStarted(started);
      hooks.stepFinished({
        ...started,
        status: 'skipped',
        request: reused.request,
        response: reused.response,
        outputs: reused.outputs,
        error: null,
        finishedAt: at,
        durationMs: 0,
      });
      scope.steps[reused.stepId] = { status: reused.status, outputs: reused.outputs };
      restoreReusedStep(reused.stepType, reused.outputs, scope);
      firstSeq += 1;
    }

    let lastTurnAt = performance.now();
    for (let seq = firstSeq; ; seq += 1) {
      if (controller.signal.aborted) return finish('cancelled', 'Cancelled.');
      const pause = input.pauseGate?.beforeStep({
        runId,
        seq,
        step: current,
        scope,
        signal: controller.signal,
        mask,
      });
      if (pause !== undefined) {
        // Paused: nothing of the run is held open meanwhile (no transaction, no request out).
        const stopReason = await pause;
        if (controller.signal.aborted) return finish('cancelled', 'Cancelled.');
        if (stopReason !== undefined) return finish('cancelled', stopReason);
        lastTurnAt = performance.now();
      }
      // E.g. a full disk: a run must not go on changing other systems with nothing on disk to show for it.
      const stopReason = hooks.stopBeforeStep(runId, current.name);
      if (stopReason !== undefined) return finish('failed', stopReason);
      if (seq > maxStepsPerRun)
        return finish('failed', `The run passed ${String(maxStepsPerRun)} steps; is a loop endless?`);
      const step: Step = current;
      const startedAt = now();
      const started = {
        runId,
        seq,
        stepId: step.id,
        stepType: step.type,
        startedAt: isoTime(startedAt.getTime()),
      };
      hooks.stepStarted(started);
      currentSeq = seq;
      const outcome = await runStep(step, context, controller.signal);
      const finishedAt = now();
      const kept = boundedRecord(outcome);
      // Field by field rather than spread: this runs for every step.
      hooks.stepFinished({
        runId,
        seq,
        stepId: started.stepId,
        stepType: started.stepType,
        startedAt: started.startedAt,
        status: controller.signal.aborted ? 'cancelled' : outcome.status,
        request: mask(kept.request),
        response: mask(kept.response),
        outputs: mask(kept.outputs),
        error: mask(outcome.error ?? null),
        finishedAt: isoTime(finishedAt.getTime()),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
      });
      scope.steps[step.id] = { status: outcome.status, outputs: outcome.outputs ?? {} };
      if (controller.signal.aborted) return finish('cancelled', 'Cancelled.');
      if (outcome.end !== undefined) {
        return finish(
          outcome.end.outcome,
          outcome.end.outcome === 'failed' ? outcome.end.message || `Ended at "${step.name}".` : null,
          outcome.end.message,
        );
      }
      const edge =
        outcome.edge === null
          ? undefined
          : input.graph.edges.find(
              (candidate) => candidate.from === step.id && candidate.kind === outcome.edge,
            );
      if (edge === undefined) {
        return finish(
          'failed',
          outcome.status === 'failed'
            ? `"${step.name}" failed${outcome.error === undefined ? '' : `: ${outcome.error}`}`
            : `"${step.name}" has no "${outcome.edge ?? ''}" edge to follow.`,
        );
      }
      current = steps.get(edge.to);
      if (current === undefined)
        return finish('failed', `"${step.name}" leads to a step that no longer exists.`);
      // Quick steps never wait on anything: every few milliseconds of them, let a cancel (and
      // the rest of the app) in. Not after every step: that turn costs more than a quick step.
      if (performance.now() - lastTurnAt > turnEveryMs) {
        await nextTurn();
        lastTurnAt = performance.now();
      }
    }
  }

  function start(input: StartRunInput): { runId: string; finished: Promise<RunResult> } {
    const runId = input.runId ?? newRunId();
    if (controllers.has(runId))
      throw new AppError('conflict', 'A run with this id is already going; give a new id.', 'runId');
    const mask = recordMaskFor(input.maskedValues);
    if (input.continued !== undefined) hooks.runContinued?.(runId);
    else
      hooks.runQueued({
        runId,
        runbookId: input.runbookId,
        versionId: input.versionId,
        trigger: input.trigger,
        clientName: input.client ?? '',
        inputs: mask(input.inputs),
        queuedAt: now().toISOString(),
        triggerBody: mask(input.triggerBody ?? null),
        rerunOf: input.rerunOf ?? null,
        resumedFromStep: input.resume?.fromStepId ?? null,
        mode: input.rehearsal?.mode ?? 'live',
        groupId: input.groupId ?? null,
        isIdGiven: input.runId !== undefined,
      });
    const controller = new AbortController();
    controllers.set(runId, controller);
    const finished = drive(runId, input, controller).finally(() => {
      controllers.delete(runId);
      input.pauseGate?.runEnded();
    });
    return { runId, finished };
  }

  function cancel(runId: string): boolean {
    const controller = controllers.get(runId);
    if (controller === undefined) return false;
    controller.abort();
    return true;
  }

  return { start, cancel };
}
