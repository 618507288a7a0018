/**
 * Runs runbook graphs (ARCHITECTURE.md "data flow of a run"): starts a run — its id, its
 * configuration values read and masked, its queued record told to the host's hooks — and has
 * runDriver.ts drive it step by step; runs a Run runbook step's child, at most maxRunbookDepth
 * deep; cancels a run going. The engine records nothing itself: the hooks write the records and
 * publish the events (runHooks.ts).
 */
import { AppError } from '../../../shared/api/appError';
import { newRunId } from '../../../shared/domain/runId';
import type { Engine, EngineDependencies, RunResult, StartRunInput } from './engineTypes';
import type { EngineCapabilities } from './executionContext';
import { recordMaskFor } from './recordMask';
import { readRunConfig } from './runConfig';
import { createDriver, type ParentRun } from './runDriver';

// Named from here by the host and the services that start runs.
export type { Engine, EngineDependencies, ReusedStep, RunResult, StartRunInput } from './engineTypes';

export { maxStepsPerRun } from './runDriver';
export const maxRunbookDepth = 5;

export function createEngine(deps: EngineDependencies): Engine {
  const now = deps.now ?? (() => new Date());
  const hooks = deps.hooks;
  const controllers = new Map<string, AbortController>();

  /** A Run runbook step's run of another runbook, a child of the run going, at most maxRunbookDepth deep. */
  async function runChild(
    parent: ParentRun,
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
  const drive = createDriver({ hooks, now, capabilities: deps.capabilities, runChild });

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
