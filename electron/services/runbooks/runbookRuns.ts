/**
 * How a runbook's runs start (PRODUCT.md §4, §6): by hand, again from an earlier run or one of
 * its steps, or by a trigger — each once its graph checks out, and a request that may already
 * have been sent repeated only when the user confirmed. A re-run's checks and the outputs it
 * reuses are rerunChecks.ts, a manual run's configuration by name withConfigurationNamed.ts.
 */
import { AppError } from '../../../shared/api/appError';
import { isRunGoing } from '../../../shared/domain/runStatus';
import type { AutomaticTriggerKind, TriggerKind } from '../../../shared/domain/triggerKind';
import type { RunMode } from '../../../shared/rehearsal/rehearsal';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { GraphIssue } from '../../../shared/runbook/validateGraph';
import type { RunbookRow } from '../db/repositories/runbookRepository';
import type { RunRepository } from '../db/repositories/runRepository';
import type { Deletions } from '../db/slices';
import type { Engine, StartRunInput } from '../engine/engine';
import type { PauseGate } from '../engine/pauseGate';
import type { Rehearsal } from '../engine/responseSource';
import type { PublishedGraph } from './publishedVersions';
import { assertRepeatConfirmed, resumePointOf } from './rerunChecks';
import { firstIssueOf, graphOf } from './runbookGraphs';
import { withConfigurationNamed } from './withConfigurationNamed';

/** Whether the user has confirmed repeating a request that may already have been sent. */
export interface RepeatOptions {
  confirmRepeat?: boolean;
  /** A run group's re-run of a failed client: the new run's id and its group. */
  groupRun?: Omit<GroupRun, 'client'>;
  /**
   * A run group's attempt: the draft as it was when Re-run failed was asked, run in place of the
   * draft saved since when the earlier run ran the draft (its clients may wait for a place).
   */
  draft?: RunbookGraph;
}

/** One client's run of a run group: its client, the id chosen for it, the group. */
export interface GroupRun {
  client: string;
  runId: string;
  groupId: string;
}

/** Why a run of a runbook being deleted is refused, wherever it would start. */
export const beingDeleted = 'This runbook is being deleted, with its runs; it cannot run.';

export interface RunStarts {
  /**
   * Starts the draft by hand. With `configurationName`, steps that would use their integration's
   * primary configuration use the one of that name instead, for this run only (the draft keeps
   * its settings); a name no integration of the runbook has is refused. With `runId`, the run has
   * that id (the caller listens to its events before it starts). Recorded with the trigger
   * `manualRunTrigger` (`cli` when the command line started it).
   */
  startManualRun(
    runbookId: string,
    inputs: Record<string, unknown>,
    client: string,
    options?: {
      configurationName?: string | undefined;
      runId?: string | undefined;
      /** `dryRun`: only safe requests are sent (see shared/rehearsal). */
      mode?: Exclude<RunMode, 'replay'> | undefined;
      /** The run group (run across clients) the run is one client's run of. */
      groupId?: string | undefined;
      /**
       * The draft as it was read when the group started, which each of its clients runs: the
       * draft saved since (the designer saves as it is edited) waits for the next group.
       */
      draft?: RunbookGraph | undefined;
      /** A debug run's gate (engine/pauseGate.ts): only the designer debugs, never the command line. */
      pauseGate?: PauseGate | undefined;
    },
  ): string;
  /**
   * Starts the runbook again with an earlier run's inputs and client: the published version it
   * ran when that version still exists, else the draft.
   */
  rerun(runId: string, options?: RepeatOptions): string;
  /**
   * Starts the runbook again at one step of an earlier run, with that run's inputs, client and
   * payload, reusing the outputs of the steps it ran before that step instead of running them.
   */
  rerunFrom(runId: string, stepId: string, options?: RepeatOptions): string;
  /**
   * A run of a published version started by the runbook's webhook or schedule, with the payload
   * as {{trigger.body}}; the run records the version. maskedValues: the delivery's credentials,
   * which the run may use but records as ••••.
   */
  startTriggeredRun(
    runbookId: string,
    version: PublishedGraph,
    trigger: AutomaticTriggerKind,
    inputs: Record<string, unknown>,
    payload: unknown,
    maskedValues?: readonly string[],
    /** A schedule run across clients: the client, the run's id and its group. */
    groupRun?: GroupRun,
  ): string;
}

export interface RunStartDependencies {
  runs: RunRepository;
  engine: Engine;
  /** The integration a saved method belongs to. */
  methodIntegrationId?: (methodId: string) => string | undefined;
  /** The id of the integration's configuration named so (ignoring case). */
  configurationIdByName?: (integrationId: string, name: string) => string | undefined;
  /** A published version's graph, for re-runs of the runs that ran it; undefined once it is gone. */
  versionGraph?: (versionId: string) => PublishedGraph | undefined;
  /** How runs started by hand are recorded: `cli` in the command line's backend (default `manual`). */
  manualRunTrigger?: Extract<TriggerKind, 'manual' | 'cli'>;
  /**
   * How a run started by hand rehearses (pins, dry run): `usePins` for the designer's runs, not
   * the command line's. Absent: every request is sent.
   */
  rehearsalFor?: (mode: Exclude<RunMode, 'replay'>, usePins: boolean) => Rehearsal | undefined;
  /** The runbook's row; refuses one that no longer exists. */
  find: (id: string) => RunbookRow;
  /** The runbooks being deleted, whose runs are refused. */
  deleting: Deletions;
  /**
   * The graph's problems as a draft's run or (`isPublishedRun`) a published version's would meet
   * them, remembered while the methods it uses and the inputs of the runbooks it runs are unchanged.
   */
  issuesOf: (graph: RunbookGraph, isPublishedRun: boolean) => GraphIssue[];
}

export function createRunStarts(deps: RunStartDependencies): RunStarts {
  const { find, deleting, issuesOf } = deps;
  /** Starts the draft, or a published version when one is given, once its graph checks out. */
  const startRun = (
    runbookId: string,
    inputs: Record<string, unknown>,
    client: string,
    trigger: TriggerKind,
    triggerBody: unknown = null,
    options: Pick<
      StartRunInput,
      'runId' | 'rerunOf' | 'resume' | 'maskedValues' | 'rehearsal' | 'groupId' | 'pauseGate'
    > & {
      version?: PublishedGraph;
      graph?: RunbookGraph;
      /** The runbook's row, when the caller has just read it. */
      row?: RunbookRow;
    } = {},
  ) => {
    const { version, graph: given, row: read, ...lineage } = options;
    if (deleting.isGoing(runbookId)) throw new AppError('conflict', beingDeleted);
    const row = read ?? find(runbookId);
    const graph = given ?? version?.graph ?? graphOf(row);
    const issues = issuesOf(graph, version !== undefined);
    if (issues.length > 0) {
      // A published version may stop checking out later, e.g. when a method it uses is deleted.
      const what =
        version === undefined ? 'The runbook cannot run yet' : `Version ${String(version.number)} cannot run`;
      throw new AppError('invalid_input', `${what}: ${firstIssueOf(issues)}`);
    }
    return deps.engine.start({
      runbookId,
      versionId: version?.id ?? null,
      graph,
      inputs,
      trigger,
      client,
      triggerBody,
      ...lineage,
    }).runId;
  };
  /** The graph with its primary-configuration method steps pointed at the configuration named so. */
  const withConfiguration = (graph: RunbookGraph, name: string): RunbookGraph =>
    withConfigurationNamed(graph, name, (methodId) => {
      const integrationId = deps.methodIntegrationId?.(methodId);
      return integrationId === undefined ? undefined : deps.configurationIdByName?.(integrationId, name);
    });
  /** What a re-run of an earlier run runs: the version it ran, while it exists, else the draft. */
  const rerunSourceOf = (earlier: { runbookId: string; versionId: string | null }, draft?: RunbookGraph) => {
    const version = earlier.versionId === null ? undefined : deps.versionGraph?.(earlier.versionId);
    return { version, graph: version?.graph ?? draft ?? graphOf(find(earlier.runbookId)) };
  };
  /**
   * A re-run rehearses as the run it repeats: a dry run's Run again or Re-run from here is a dry
   * run again, so what it held back stays held back; a run of the draft started by hand is one
   * again, with the runbook's pins as they are now (PRODUCT.md §8: designer runs use pins), so a
   * pinned request its run never sent is not sent by repeating it. A published version's run
   * (`runsDraft` false) never uses pins. A test case's replay, which sent nothing, is not repeated
   * live here: Run tests replays it. A pin naming an exit its step no longer has is refused, as
   * at Run.
   */
  const rehearsalOfRepeat = (
    earlier: { mode: RunMode; runbookId: string },
    graph: RunbookGraph,
    runsDraft: boolean,
  ): { rehearsal?: Rehearsal } => {
    if (earlier.mode === 'replay')
      throw new AppError(
        'invalid_input',
        'This run replayed a test case and sent nothing; run it again with Run tests in the designer. Running it again here would send every request.',
      );
    const usePins = runsDraft && (deps.manualRunTrigger ?? 'manual') === 'manual';
    const rehearsal = deps.rehearsalFor?.(earlier.mode, usePins);
    if (rehearsal === undefined) {
      if (earlier.mode === 'live') return {};
      throw new AppError(
        'invalid_input',
        'This dry run cannot be run again here: dry runs are not available.',
      );
    }
    const pinProblem = rehearsal.pinProblemOf?.(earlier.runbookId, graph) ?? null;
    if (pinProblem !== null) throw new AppError('invalid_input', pinProblem, 'pins');
    return { rehearsal };
  };
  return {
    startManualRun: (
      runbookId,
      inputs,
      client,
      { configurationName, runId, mode = 'live', groupId, draft, pauseGate } = {},
    ) => {
      const trigger = deps.manualRunTrigger ?? 'manual';
      if (pauseGate !== undefined && trigger !== 'manual')
        throw new AppError(
          'invalid_input',
          'Only the designer debugs runs; the command line runs them through.',
        );
      // Pins are the designer's: the command line runs what a published version would send.
      const rehearsal = deps.rehearsalFor?.(mode, trigger === 'manual');
      // A pin naming an exit its step no longer has is refused here, where the person starting
      // the run reads it, rather than fail the run half way.
      // Read once for all three (a row read and its graph looked up cost more than a quick step).
      const row = find(runbookId);
      const graph = draft ?? graphOf(row);
      const pinProblem = rehearsal?.pinProblemOf?.(runbookId, graph) ?? null;
      if (pinProblem !== null) throw new AppError('invalid_input', pinProblem, 'pins');
      return startRun(runbookId, inputs, client, trigger, null, {
        row,
        ...(runId === undefined ? {} : { runId }),
        ...(groupId === undefined ? {} : { groupId }),
        ...(rehearsal === undefined ? {} : { rehearsal }),
        ...(pauseGate === undefined ? {} : { pauseGate }),
        graph:
          configurationName === undefined || configurationName === ''
            ? graph
            : withConfiguration(graph, configurationName),
      });
    },
    rerun: (runId, options = {}) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      const source = rerunSourceOf(earlier, options.draft);
      const repeated = rehearsalOfRepeat(earlier, source.graph, source.version === undefined);
      assertRepeatConfirmed(
        deps.runs.stepsMayHaveBeenSent(runId),
        source.graph,
        options,
        isRunGoing(earlier.status),
      );
      return startRun(
        earlier.runbookId,
        earlier.inputs,
        earlier.clientName,
        'rerun',
        deps.runs.triggerBody(runId),
        {
          rerunOf: runId,
          version: source.version,
          ...(source.version === undefined && options.draft !== undefined ? { graph: options.draft } : {}),
          ...repeated,
          ...options.groupRun,
        },
      );
    },
    rerunFrom: (runId, stepId, options = {}) => {
      const earlier = deps.runs.get(runId);
      if (earlier === undefined) throw new AppError('not_found', 'This run no longer exists.');
      const { version, graph } = rerunSourceOf(earlier);
      const repeated = rehearsalOfRepeat(earlier, graph, version === undefined);
      const { fromSeq, reused } = resumePointOf(graph, earlier.steps, stepId);
      // Asked of the database, not of the records read above: a long run has more than those.
      assertRepeatConfirmed(
        deps.runs.stepsMayHaveBeenSent(runId).filter((step) => step.seq >= fromSeq),
        graph,
        options,
        isRunGoing(earlier.status),
      );
      return startRun(
        earlier.runbookId,
        earlier.inputs,
        earlier.clientName,
        'rerun',
        deps.runs.triggerBody(runId),
        {
          rerunOf: runId,
          resume: { fromStepId: stepId, reused },
          version,
          ...repeated,
        },
      );
    },
    startTriggeredRun: (runbookId, version, trigger, inputs, payload, maskedValues, groupRun) =>
      startRun(runbookId, inputs, groupRun?.client ?? '', trigger, payload, {
        version,
        ...(maskedValues === undefined ? {} : { maskedValues }),
        ...(groupRun === undefined ? {} : { runId: groupRun.runId, groupId: groupRun.groupId }),
      }),
  };
}
