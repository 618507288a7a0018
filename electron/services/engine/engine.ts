/**
 * Runs a runbook graph (ARCHITECTURE.md "data flow of a run"): from Start, each step's templates
 * are resolved from the run context, its executor runs, its record is written as it finishes, a
 * progress event goes out, and its outcome picks the edge to follow — until an End, a step with
 * no edge for its outcome (the run fails, saying so), cancellation, or the step limit.
 */
import crypto from 'node:crypto';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { stepTypes, type Step } from '../../../shared/runbook/stepTypes';
import type { RunRepository, TriggerKind } from '../db/repositories/runRepository';
import type { EventBus } from '../events/eventBus';
import {
  createExecutionContext,
  type EngineCapabilities,
  type RunScope,
  type StepOutcome,
} from './executionContext';
import { executeStep } from './executors/stepExecutors';
import { boundedRecord } from './boundedRecord';
import { prepareInputs } from './runInputs';

export const maxStepsPerRun = 100_000;
export const maxRunbookDepth = 5;

export interface StartRunInput {
  runbookId: string;
  versionId: string | null;
  graph: RunbookGraph;
  inputs: Record<string, unknown>;
  trigger: TriggerKind;
  client?: string;
  triggerBody?: unknown;
  /** How deep inside Run runbook steps this run is (0 for a top-level run). */
  depth?: number;
}

export interface RunResult {
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  error: string | null;
  vars: Record<string, unknown>;
}

export interface Engine {
  start(input: StartRunInput): { runId: string; finished: Promise<RunResult> };
  cancel(runId: string): boolean;
}

export interface EngineDependencies {
  runs: RunRepository;
  events: EventBus;
  capabilities: Omit<EngineCapabilities, 'runChild'>;
  now?: () => Date;
}

export function createEngine(deps: EngineDependencies): Engine {
  const now = deps.now ?? (() => new Date());
  const controllers = new Map<string, AbortController>();

  const progress = (
    runId: string,
    runbookId: string,
    stepId: string | null,
    status: 'running' | RunResult['status'] | 'queued',
  ) => deps.events.emit({ name: 'runs.progress', payload: { runId, runbookId, stepId, status } });

  async function drive(runId: string, input: StartRunInput, controller: AbortController): Promise<RunResult> {
    const depth = input.depth ?? 0;
    const scope: RunScope = {
      inputs: {},
      vars: {},
      steps: {},
      trigger: { body: input.triggerBody ?? null },
      client: input.client ?? '',
      items: {},
    };
    const capabilities: EngineCapabilities = {
      ...deps.capabilities,
      runChild: async (runbookId, inputs, signal) => {
        if (depth + 1 > maxRunbookDepth) {
          return {
            status: 'failed',
            vars: {},
            error: `Runbooks may nest at most ${String(maxRunbookDepth)} deep.`,
          };
        }
        const child = deps.capabilities.loadRunbook(runbookId);
        if (child === undefined)
          return { status: 'failed', vars: {}, error: 'The runbook to run no longer exists.' };
        const started = start({
          runbookId,
          versionId: null,
          graph: child.graph,
          inputs,
          trigger: input.trigger,
          client: scope.client,
          depth: depth + 1,
        });
        const onAbort = () => cancel(started.runId);
        signal.addEventListener('abort', onAbort, { once: true });
        const result = await started.finished;
        signal.removeEventListener('abort', onAbort);
        return result;
      },
    };
    const context = createExecutionContext(scope, controller.signal, capabilities);
    const finish = (status: RunResult['status'], error: string | null): RunResult => {
      deps.runs.markFinished(runId, status, now().toISOString(), error);
      progress(runId, input.runbookId, null, status);
      return { runId, status, error, vars: scope.vars };
    };

    deps.runs.markStarted(runId, now().toISOString());
    progress(runId, input.runbookId, null, 'running');
    try {
      scope.inputs = prepareInputs(input.graph.inputs, input.inputs);
    } catch (error) {
      return finish('failed', (error as Error).message);
    }
    const steps = new Map(input.graph.steps.map((step) => [step.id, step]));
    let current: Step | undefined = input.graph.steps.find((step) => step.type === 'start');
    if (current === undefined) return finish('failed', 'The runbook has no Start step.');

    for (let seq = 1; current !== undefined; seq += 1) {
      if (controller.signal.aborted) return finish('cancelled', 'Cancelled.');
      if (seq > maxStepsPerRun)
        return finish('failed', `The run passed ${String(maxStepsPerRun)} steps; is a loop endless?`);
      const step: Step = current;
      const startedAt = now();
      deps.runs.startStep(runId, {
        seq,
        stepId: step.id,
        stepType: step.type,
        startedAt: startedAt.toISOString(),
      });
      progress(runId, input.runbookId, step.id, 'running');
      let outcome: StepOutcome;
      try {
        outcome = await executeStep(step, context);
      } catch (error) {
        if (controller.signal.aborted) outcome = { status: 'failed', edge: null, error: 'Cancelled.' };
        else
          outcome = {
            status: 'failed',
            edge: stepTypes[step.type].outgoing.includes('failure') ? 'failure' : null,
            error: (error as Error).message,
          };
      }
      const finishedAt = now();
      deps.runs.finishStep(runId, {
        seq,
        status: controller.signal.aborted ? 'cancelled' : outcome.status,
        ...boundedRecord(outcome),
        error: outcome.error ?? null,
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
      });
      scope.steps[step.id] = { status: outcome.status, outputs: outcome.outputs ?? {} };
      progress(runId, input.runbookId, step.id, controller.signal.aborted ? 'cancelled' : outcome.status);
      if (controller.signal.aborted) return finish('cancelled', 'Cancelled.');
      if (outcome.end !== undefined) {
        return finish(
          outcome.end.outcome,
          outcome.end.outcome === 'failed' ? outcome.end.message || `Ended at "${step.name}".` : null,
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
    }
    return finish('failed', 'An edge leads to a step that no longer exists.');
  }

  function start(input: StartRunInput): { runId: string; finished: Promise<RunResult> } {
    const runId = crypto.randomUUID();
    deps.runs.create({
      id: runId,
      runbookId: input.runbookId,
      versionId: input.versionId,
      trigger: input.trigger,
      clientName: input.client ?? '',
      inputs: input.inputs,
      queuedAt: now().toISOString(),
    });
    progress(runId, input.runbookId, null, 'queued');
    const controller = new AbortController();
    controllers.set(runId, controller);
    const finished = drive(runId, input, controller).finally(() => controllers.delete(runId));
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
