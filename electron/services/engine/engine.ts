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
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import { createExecutionContext, type EngineCapabilities, type RunScope } from './executionContext';
import { restoreEarlierSteps } from './earlierSteps';
import { maskedCapabilities } from './runCapabilities';
import { runStep } from './runStep';
import { boundedRecord, boundedResultMessage } from './boundedRecord';
import { recordMaskFor } from './recordMask';
import { liveSource } from './responseSource';
import { prepareInputs } from './runInputs';
import { readRunConfig, type RunConfig } from './runConfig';
import { newRunId } from '../../../shared/domain/runId';
import type { Engine, EngineDependencies, RunResult, StartRunInput } from './engineTypes';

// Named from here by the host and the services that start runs.
export type { Engine, EngineDependencies, ReusedStep, RunResult, StartRunInput } from './engineTypes';

export const maxStepsPerRun = 100_000;
export const maxRunbookDepth = 5;
/** Longest stretch of steps run without letting the event loop turn. */
const turnEveryMs = 5;

export function createEngine(deps: EngineDependencies): Engine {
  const now = deps.now ?? (() => new Date());
  const hooks = deps.hooks;
  const controllers = new Map<string, AbortController>();

  /** A Run runbook step's run of another runbook, a child of the run going, at most maxRunbookDepth deep. */
  async function runChild(
    parent: { runId: string; input: StartRunInput; depth: number; seq: () => number },
    runbookId: string,
    inputs: Record<string, unknown>,
    signal: AbortSignal,
  ): ReturnType<EngineCapabilities['runChild']> {
    if (parent.depth + 1 > maxRunbookDepth) {
      return {
        status: 'failed',
        vars: {},
        error: `Runbooks may nest at most ${String(maxRunbookDepth)} deep.`,
      };
    }
    const child = deps.capabilities.loadRunbook(runbookId, {
      isPublishedRun: parent.input.versionId !== null,
    });
    if (child === undefined)
      return { status: 'failed', vars: {}, error: 'The runbook to run no longer exists.' };
    // Checked like a run started by hand, so a broken child is refused before it starts.
    if (child.problem !== null)
      return { status: 'failed', vars: {}, error: `"${child.name}" cannot run: ${child.problem}` };
    const pinProblem = parent.input.rehearsal?.pinProblemOf?.(runbookId, child.graph) ?? null;
    if (pinProblem !== null)
      return { status: 'failed', vars: {}, error: `"${child.name}" cannot run: ${pinProblem}` };
    const started = start({
      runbookId,
      versionId: child.versionId,
      graph: child.graph,
      inputs,
      trigger: parent.input.trigger,
      client: parent.input.client ?? '',
      depth: parent.depth + 1,
      ancestors: [...(parent.input.ancestors ?? []), { runId: parent.runId, seq: parent.seq() }],
      ...(parent.input.maskedValues === undefined ? {} : { maskedValues: parent.input.maskedValues }),
      ...(parent.input.rehearsal === undefined ? {} : { rehearsal: parent.input.rehearsal }),
    });
    const onAbort = () => cancel(started.runId);
    signal.addEventListener('abort', onAbort, { once: true });
    const result = await started.finished;
    signal.removeEventListener('abort', onAbort);
    return result;
  }

  async function drive(
    runId: string,
    input: StartRunInput,
    controller: AbortController,
    config: RunConfig | undefined,
  ): Promise<RunResult> {
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
      ...(config === undefined ? {} : { config }),
    };
    const capabilities: EngineCapabilities = {
      ...maskedCapabilities(deps.capabilities, input.maskedValues, mask),
      runChild: (runbookId, inputs, signal) =>
        runChild({ runId, input, depth, seq: () => currentSeq }, runbookId, inputs, signal),
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
      // A run that read configuration values hands its variables on masked: a secret a child
      // run read stays •••• in the records of the run that started it.
      const vars = config === undefined ? scope.vars : mask(scope.vars);
      const result: RunResult = { runId, status, error, message: kept, vars };
      hooks.runFinished({
        runId,
        status,
        // Cut as the message is: a failed End's message is also the run's error.
        error: error === null ? null : (boundedResultMessage(mask(error)) ?? ''),
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

    const firstSeq = restoreEarlierSteps(runId, input, context, scope, hooks, now);

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
        isArrivalUnknown: outcome.isArrivalUnknown === true,
        isNeverSent: outcome.isNeverSent === true,
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

  function start(given: StartRunInput): { runId: string; finished: Promise<RunResult> } {
    const runId = given.runId ?? newRunId();
    if (controllers.has(runId))
      throw new AppError('conflict', 'A run with this id is already going; give a new id.', 'runId');
    // Read once, for the run's client, only when its templates read any; its secrets are masked
    // wherever the run would record or send them, as a webhook's credential is, in its children too.
    const read = readRunConfig(given.graph, given.client ?? '', deps.capabilities.readConfigValues);
    const input =
      read === undefined || read.secrets.length === 0
        ? given
        : { ...given, maskedValues: [...(given.maskedValues ?? []), ...read.secrets] };
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
        parent: input.ancestors?.at(-1) ?? null,
        isIdGiven: input.runId !== undefined,
      });
    const controller = new AbortController();
    controllers.set(runId, controller);
    const finished = drive(runId, input, controller, read?.config).finally(() => {
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
