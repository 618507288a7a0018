/**
 * Where run groups come from: the Run dialog and the API (`runGroups.start`), the command line
 * (`run --client all`) and a schedule whose trigger targets clients. Each says which clients
 * ("all": every client named by a configuration of an integration the runbook's steps use or read
 * `{{config.…}}` values of, or the steps of the runbooks it runs, however deep) and how a client's first run starts; the
 * group service runs them a few at a time.
 */
import { AppError } from '../../../shared/api/appError';
import type { GroupClients, RunGroup } from '../../../shared/domain/runGroup';
import { defaultGroupConcurrency } from '../../../shared/domain/runGroup';
import type { AutomaticTriggerKind } from '../../../shared/domain/triggerKind';
import type { RunMode } from '../../../shared/rehearsal/rehearsal';
import { configReferencesOfSteps, methodIdsOf } from '../../../shared/runbook/graphReferences';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import { isStartStep } from '../../../shared/runbook/stepTypes';
import { graphsRunBy, type GraphLoader } from '../runbooks/graphsRunBy';
import type { PublishedGraph } from '../runbooks/publishedVersions';
import type { RunbookService } from '../runbooks/runbookService';
import type { RunGroupService } from './runGroupService';

/** What `runGroups.start` is given. */
export interface ManualGroupRequest {
  runbookId: string;
  clients: GroupClients;
  concurrency: number;
  inputs: Record<string, unknown>;
  configuration?: string | undefined;
  mode: Exclude<RunMode, 'replay'>;
}

export interface RunGroupStarts {
  /** The clients a runbook's draft (and the drafts of the runbooks it runs) can run for, sorted. */
  clientsOf(runbookId: string): string[];
  startManual(request: ManualGroupRequest): RunGroup;
  /**
   * A webhook delivery or schedule firing: one run, or, when the schedule targets clients, a
   * group; answers the run's id (a group's first run).
   */
  startTriggered(
    runbookId: string,
    version: PublishedGraph,
    trigger: AutomaticTriggerKind,
    inputs: Record<string, unknown>,
    payload: unknown,
    maskedValues?: readonly string[],
  ): string;
}

export interface RunGroupStartsDependencies {
  groups: RunGroupService;
  runbooks: Pick<RunbookService, 'get' | 'problemOf' | 'startManualRun' | 'startTriggeredRun'>;
  /** The integrations a saved method sends with, its own and those its `{{config.…}}` values read. */
  methodIntegrationIds: (methodId: string) => string[];
  /** The integration with this variable prefix, whose values a step's `{{config.<prefix>.…}}` reads. */
  integrationIdByPrefix: (prefix: string) => string | undefined;
  /** The runbooks Run runbook steps start, as the engine loads them. */
  loadRunbook: GraphLoader;
  /** The client names of an integration's configurations ('' for those of no client). */
  clientNamesOf: (integrationId: string) => string[];
  /** How runs started by hand are recorded: `manual`, or `cli` for the command line. */
  manualTrigger: 'manual' | 'cli';
  /** Whether a published version is still available (not marked unavailable since, nor gone). */
  isVersionAvailable: (versionId: string) => boolean;
}

export function createRunGroupStarts(deps: RunGroupStartsDependencies): RunGroupStarts {
  const clientsOfGraph = (graph: RunbookGraph, isPublishedRun: boolean): string[] => {
    const steps = graphsRunBy(graph, isPublishedRun, deps.loadRunbook).flatMap((each) => each.steps);
    const integrationIds = new Set([
      ...methodIdsOf(steps).flatMap(deps.methodIntegrationIds),
      // A step's own {{config.…}} reads its client's configuration as a method's request does.
      ...configReferencesOfSteps(steps).flatMap(([prefix]) => deps.integrationIdByPrefix(prefix) ?? []),
    ]);
    const names = new Set([...integrationIds].flatMap((id) => deps.clientNamesOf(id)));
    names.delete('');
    return [...names].sort((a, b) => a.localeCompare(b));
  };
  const chosen = (clients: GroupClients, graph: RunbookGraph, isPublishedRun: boolean): string[] => {
    const names =
      clients === 'all'
        ? clientsOfGraph(graph, isPublishedRun)
        : clients.filter((name) => name.trim() !== '');
    if (names.length === 0)
      throw new AppError(
        'invalid_input',
        'No configuration of the integrations this runbook (or a runbook it runs) uses belongs to a client: give a configuration a client first.',
        'clients',
      );
    return names;
  };
  return {
    clientsOf: (runbookId) => clientsOfGraph(deps.runbooks.get(runbookId).draft, false),
    startManual: ({ runbookId, clients, concurrency, inputs, configuration, mode }) => {
      const graph = deps.runbooks.get(runbookId).draft;
      const problem = deps.runbooks.problemOf(graph);
      if (problem !== null) throw new AppError('invalid_input', `The runbook cannot run yet: ${problem}`);
      return deps.groups.start({
        runbookId,
        clients: chosen(clients, graph, false),
        concurrency,
        trigger: deps.manualTrigger,
        startRun: (client, { runId, groupId, attempt, draft }) => {
          // The group's clients run the draft it was started with, read once: the designer saves
          // as it is edited. Re-run failed runs the draft as it is then, as re-runs of failed runs do.
          deps.runbooks.startManualRun(runbookId, inputs, client, {
            configurationName: configuration,
            mode,
            runId,
            groupId,
            draft: draft ?? (attempt === 1 ? graph : undefined),
          });
        },
      });
    },
    startTriggered: (runbookId, version, trigger, inputs, payload, maskedValues) => {
      const schedule = trigger === 'schedule' ? version.graph.steps.find(isStartStep)?.schedule : undefined;
      if (schedule?.clients === undefined)
        return deps.runbooks.startTriggeredRun(runbookId, version, trigger, inputs, payload, maskedValues);
      const group = deps.groups.start({
        runbookId,
        clients: chosen(schedule.clients, version.graph, true),
        concurrency: schedule.clientConcurrency ?? defaultGroupConcurrency,
        trigger,
        startRun: (client, { runId, groupId }) => {
          // A version marked unavailable while the group goes (found wrong) is not run for the
          // clients still waiting: triggers run only available versions.
          if (!deps.isVersionAvailable(version.id))
            throw new AppError(
              'conflict',
              `Version ${String(version.number)} was marked unavailable after this group started, so this client's run did not start.`,
            );
          deps.runbooks.startTriggeredRun(runbookId, version, trigger, inputs, payload, maskedValues, {
            client,
            runId,
            groupId,
          });
        },
      });
      const first = group.members.find((member) => member.runId !== null);
      if (first?.runId == null)
        throw new AppError('conflict', `No client's run started: ${group.members[0]?.error ?? ''}`);
      return first.runId;
    },
  };
}
