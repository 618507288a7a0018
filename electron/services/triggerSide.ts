/**
 * Wires the backend's triggers: the trigger service (webhooks and schedules), and at start the
 * webhook listener and schedules, then the runs that waited for an approval. Part of the
 * composition root (backend.ts): it builds and connects, nothing more.
 */
import { pendingAtStart, resumeWaitingRuns } from './approvals/waitingRunResume';
import type { Database } from './db/database';
import { createStartStepQuery } from './db/repositories/startStepQuery';
import { createTriggerRepository } from './db/repositories/triggerRepository';
import type { RunbookSide } from './runbookSide';
import type { RunbookTools } from './runbookToolsSide';
import type { SettingsService } from './settings/settingsService';
import type { StorageSide } from './storageSide';
import type { SchedulerClock } from './triggers/scheduler';
import { createSchedulesElsewhere } from './triggers/schedulesElsewhere';
import { startTriggers } from './triggers/startTriggers';
import { watchTriggerLogElsewhere } from './triggers/triggerLogElsewhere';
import { createTriggerService, type TriggerService } from './triggers/triggerService';

export interface TriggerSideDependencies {
  db: Database;
  storage: Pick<StorageSide, 'events' | 'secrets' | 'writes' | 'folderProcess'>;
  runbookSide: Pick<RunbookSide, 'runbookRepository' | 'published' | 'runbookWrites' | 'approvals'>;
  /** A schedule that targets clients starts a run group (runGroupStarts.ts). */
  runGroupStarts: RunbookTools['runGroupStarts'];
  scheduleClock?: SchedulerClock;
  log: (line: string) => void;
  /** What must be disposed when the backend closes, in order of creation. */
  disposables: (() => void)[];
}

/** Builds the trigger service; nothing listens or fires until startTriggerSide. */
export function wireTriggers(deps: TriggerSideDependencies): TriggerService {
  const { runbookRepository, published } = deps.runbookSide;
  // The windows of this process see the deliveries and firings another process on the folder logs.
  const logElsewhere = watchTriggerLogElsewhere({ db: deps.db, events: deps.storage.events, log: deps.log });
  deps.disposables.push(() => logElsewhere.dispose());
  return createTriggerService({
    triggers: createTriggerRepository(deps.db, deps.storage.writes),
    events: deps.storage.events,
    secrets: deps.storage.secrets,
    hasRunbook: (runbookId) => runbookRepository.get(runbookId) !== undefined,
    triggeredVersion: (runbookId) => published.triggeredVersion(runbookId),
    runbookIds: () => runbookRepository.ids(),
    runbookRows: runbookRepository,
    startSteps: createStartStepQuery(deps.db),
    runbookWrites: deps.runbookSide.runbookWrites,
    schedulesElsewhere: createSchedulesElsewhere(deps.db, deps.storage.writes),
    ...(deps.scheduleClock === undefined ? {} : { scheduleClock: deps.scheduleClock }),
    startRun: (runbookId, version, trigger, inputs, payload, maskedValues) =>
      deps.runGroupStarts.startTriggered(runbookId, version, trigger, inputs, payload, maskedValues),
    approvalLinks: deps.runbookSide.approvals,
    folderProcess: deps.storage.folderProcess,
    log: deps.log,
  });
}

export interface TriggerStartDependencies {
  triggers: TriggerService;
  settings: SettingsService;
  storage: Pick<StorageSide, 'runRepository' | 'folderProcess'>;
  runbookSide: Pick<RunbookSide, 'approvalRepository' | 'engine' | 'published' | 'runbookRepository'>;
  /** A one-off command (`run`): nothing starts, and runs waiting for an approval are left to the app. */
  isOneOff: boolean;
  /** True once the backend has closed. */
  isClosed: () => boolean;
  log: (line: string) => void;
}

/**
 * Starts the webhook listener and the schedules; settles once the listener is bound (or has
 * reported why it could not be).
 */
export function startTriggerSide(deps: TriggerStartDependencies): Promise<void> {
  if (deps.isOneOff) return Promise.resolve();
  const { triggers, settings, isClosed, log } = deps;
  // Before anything can start a run here: which runs were waiting when the app stopped.
  const waiting = pendingAtStart(deps.runbookSide.approvalRepository);
  const triggersReady = startTriggers({ triggers, settings, isClosed, log });
  // Runs that waited for an approval when their process stopped wait again here (once the
  // listener that serves their links is up); those of a process still running stay its own.
  void triggersReady.then(() => {
    if (isClosed()) return;
    const { published, runbookRepository } = deps.runbookSide;
    resumeWaitingRuns({
      approvals: waiting,
      claim: (runId, seq, from, owner) => deps.runbookSide.approvalRepository.claim(runId, seq, from, owner),
      processes: deps.storage.folderProcess,
      runs: deps.storage.runRepository,
      engine: deps.runbookSide.engine,
      publishedGraph: (versionId) => published.publishedGraph(versionId),
      draftOf: (runbookId) => runbookRepository.get(runbookId)?.draft,
      log,
    });
  });
  return triggersReady;
}
