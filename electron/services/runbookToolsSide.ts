/**
 * Wires the services built on the runbook service: pins and test cases (rehearsal), run groups
 * (runs across clients), debug runs and published versions. Part of the composition root
 * (backend.ts): it builds and connects, nothing more.
 */
import { isRunGoing } from '../../shared/domain/runStatus';
import type { TriggerKind } from '../../shared/domain/triggerKind';
import type { IntegrationSide } from './integrationSide';
import { createDebugRuns } from './rehearsal/debugRuns';
import { createPinService } from './rehearsal/pinService';
import { createTestCaseService } from './rehearsal/testCaseService';
import { createRunGroupService } from './runGroups/runGroupService';
import { createRunGroupStarts } from './runGroups/runGroupStarts';
import type { RunbookSide } from './runbookSide';
import { createRunbookVersionService } from './runbooks/runbookVersionService';
import { withDraftSwitches } from './triggers/triggerSwitches';
import type { StorageSide } from './storageSide';

export interface RunbookToolsDependencies {
  storage: Pick<StorageSide, 'events' | 'runRepository' | 'runGroupRepository' | 'debugPauses'>;
  integrationSide: Pick<IntegrationSide, 'methods' | 'configurations' | 'integrationRepository'>;
  runbookSide: Pick<
    RunbookSide,
    | 'runbooks'
    | 'runbookRepository'
    | 'versionRepository'
    | 'pinRepository'
    | 'testCaseRepository'
    | 'engine'
    | 'cancelsElsewhere'
    | 'loadRunbook'
    | 'transaction'
  >;
  /** How runs started by hand are recorded: `cli` in the command line's backend. */
  manualTrigger: Extract<TriggerKind, 'manual' | 'cli'>;
  /** What must be disposed when the backend closes, in order of creation. */
  disposables: (() => void)[];
  log: (line: string) => void;
}

/** Builds the services around runbooks; what it returns is what the handlers and triggers use. */
export function wireRunbookTools(deps: RunbookToolsDependencies) {
  const { events, runRepository: runs } = deps.storage;
  const { methods, configurations } = deps.integrationSide;
  const { runbooks, engine } = deps.runbookSide;
  const pins = createPinService({
    pins: deps.runbookSide.pinRepository,
    runs,
    draftOf: (runbookId) => runbooks.get(runbookId).draft,
    onDidChange: (runbookId) => events.emit({ name: 'pins.changed', payload: { runbookId } }),
  });
  const testCases = createTestCaseService({
    testCases: deps.runbookSide.testCaseRepository,
    runs,
    engine,
    draftOf: (runbookId) => runbooks.get(runbookId).draft,
    runbookName: (runbookId) => deps.runbookSide.runbookRepository.get(runbookId)?.name,
    problemOf: (graph) => runbooks.problemOf(graph),
    trigger: deps.manualTrigger,
    onDidChange: (runbookId) => events.emit({ name: 'testCases.changed', payload: { runbookId } }),
    onProgress: (payload) => events.emit({ name: 'testCases.progress', payload }),
  });
  const runGroups = createRunGroupService({
    groups: deps.storage.runGroupRepository,
    runs,
    events,
    rerun: (runId, groupRun, draft) =>
      runbooks.rerun(runId, { groupRun, ...(draft === undefined ? {} : { draft }) }),
    draftOf: (runbookId) => runbooks.get(runbookId).draft,
    // A client's run going in another process on the data folder (the group started there) is
    // cancelled there, as runs.cancel does.
    cancelRun: (runId) => engine.cancel(runId) || deps.runbookSide.cancelsElsewhere.request(runId),
  });
  deps.disposables.push(() => runGroups.dispose());
  const runGroupStarts = createRunGroupStarts({
    groups: runGroups,
    runbooks,
    methodIntegrationIds: (methodId) => methods.integrationsReachedBy(methodId),
    integrationIdByPrefix: (prefix) => deps.integrationSide.integrationRepository.findIdByPrefix(prefix),
    loadRunbook: deps.runbookSide.loadRunbook,
    clientNamesOf: (integrationId) => configurations.clientNames(integrationId),
    manualTrigger: deps.manualTrigger,
    isVersionAvailable: (versionId) =>
      deps.runbookSide.versionRepository.get(versionId)?.isAvailable === true,
  });
  const debugRuns = createDebugRuns({
    startManualRun: (...args) => runbooks.startManualRun(...args),
    cancel: (runId) => engine.cancel(runId) || deps.runbookSide.cancelsElsewhere.request(runId),
    isGoing: (runId) => isRunGoing(runs.get(runId)?.status ?? 'succeeded'),
    onPauseChanged: (payload) => events.emit({ name: 'runs.debugChanged', payload }),
    pauses: deps.storage.debugPauses,
    log: deps.log,
  });
  // Disposed after the recorder closes (disposables run last first): the released runs record nothing.
  deps.disposables.push(() => debugRuns.dispose());
  const versions = createRunbookVersionService({
    versions: deps.runbookSide.versionRepository,
    runbooks,
    transaction: deps.runbookSide.transaction,
    withDraftSwitches,
  });
  return { pins, testCases, runGroups, runGroupStarts, debugRuns, versions };
}

/** What the runbook tools hand the rest of the backend. */
export type RunbookTools = ReturnType<typeof wireRunbookTools>;
