/**
 * The runbook triggers that live beyond a window: the webhook listener on the address from
 * Settings and (with the scheduler) schedules. Both shells get it from the backend, so `serve`
 * keeps runbooks running on a server too. Starts and stops with the backend. Triggers run the
 * latest available published version: its Start step's settings decide the webhook and the
 * schedule, so editing the draft changes nothing until it is published — but for the switches
 * (webhook on/off, schedule paused), which apply at once (triggerSwitches.ts). What a webhook
 * delivers to is webhookTarget.ts, its secret webhookSecrets.ts, the Start step triggers follow
 * triggeredStart.ts, the trigger log triggerLog.ts; this module owns the listener and scheduler.
 */
import { AppError } from '../../../shared/api/appError';
import type { Disposable } from '../../../shared/lifecycle/disposable';
import type { Settings, WebhookListener } from '../../../shared/domain/settings';
import {
  latestTriggerEventsShown,
  type ListedTriggers,
  type TriggerStatus,
} from '../../../shared/domain/runbook';
import type { AutomaticTriggerKind } from '../../../shared/domain/triggerKind';
import type { RunbookGraph } from '../../../shared/runbook/runbookGraph';
import type { StartStep } from '../../../shared/runbook/stepTypes';
import type { DataFolderProcess } from '../db/dataFolderProcesses';
import { triggerEventsKept, type TriggerRepository } from '../db/repositories/triggerRepository';
import type { RunbookRepository, RunbookWrite } from '../db/repositories/runbookRepository';
import type { StoredStartSteps } from '../db/repositories/startStepQuery';
import type { WriteNotices } from '../db/writeNotices';
import type { EventBus } from '../events/eventBus';
import type { TriggeredVersion } from '../runbooks/publishedVersions';
import type { SecretStore } from '../secrets/secretStore';
import { createScheduleHost } from './scheduleHost';
import type { ScheduleEntry, SchedulerClock } from './scheduler';
import type { SchedulesElsewhere } from './schedulesElsewhere';
import { scheduleEntryOf, triggeredStartOf } from './triggeredStart';
import { triggerLogOf } from './triggerLog';
import { listedTriggersOf } from './listedTriggers';
import { createWebhookListener } from './webhookListener';
import type { ApprovalService } from '../approvals/approvalService';
import { createWebhookServer } from './webhookServer';
import { createWebhookSecrets } from './webhookSecrets';
import { webhookTargetFor } from './webhookTarget';

export { webhookSecretName } from './webhookSecrets';
export { notPublishedRefusal } from './webhookTarget';

export interface TriggerServiceDependencies {
  triggers: TriggerRepository;
  /** Each trigger log entry is pushed to the windows as `triggers.logged`. */
  events: Pick<EventBus, 'emit'>;
  secrets: SecretStore;
  hasRunbook(runbookId: string): boolean;
  /** The version triggers run (the latest available one), or undefined when there is none. */
  triggeredVersion(runbookId: string): TriggeredVersion | undefined;
  /** Every runbook id, to find the schedules at start-up. */
  runbookIds(): string[];
  /** The runbooks, for their drafts' trigger switches (triggerSwitches.ts), which apply at once. */
  runbookRows: Pick<RunbookRepository, 'get'>;
  /** The Start steps of many runbooks in one query (startStepQuery.ts), for the runbooks list. */
  startSteps: (runbookIds: readonly string[]) => Map<string, StoredStartSteps>;
  /**
   * Writes of the runbook and version repositories: publishing, making a version (un)available,
   * deleting or importing a runbook change what the webhook and the schedule follow. Each is
   * noted for the other processes on the data folder until `stop`; the scheduler follows them
   * from `start` only, so no write is taken for its start-up load.
   */
  runbookWrites: Pick<WriteNotices<RunbookWrite>, 'onDidWrite'>;
  /** The schedules this process writes, noted for the other processes, and theirs followed here. */
  schedulesElsewhere: SchedulesElsewhere;
  startRun(
    runbookId: string,
    version: TriggeredVersion,
    trigger: AutomaticTriggerKind,
    inputs: Record<string, unknown>,
    payload: unknown,
    /** The delivery's credentials: the run may use them, its records show ••••. */
    maskedValues?: readonly string[],
  ): string;
  log(line: string): void;
  now?: () => Date;
  /** Injected in tests; the real clock otherwise. */
  scheduleClock?: SchedulerClock;
  /** This process on the data folder: the schedules' due times are run or reported once among the processes open on it. */
  folderProcess?: Pick<DataFolderProcess, 'name' | 'isOpenBy'>;
  maxWebhookBodyBytes?: number;
  /** The approvals whose single-use links the webhook listener serves. */
  approvalLinks?: ApprovalService;
}

export interface TriggerService {
  /** Binds the webhook listener; a port that is taken is reported, not thrown (the app still opens). */
  start(settings: Settings): Promise<void>;
  /** Moves the listener to a new address; throws an AppError at the field when it cannot bind. */
  moveWebhooks(host: string, port: number): Promise<{ port: number }>;
  status(runbookId: string): TriggerStatus;
  /**
   * The triggers of many runbooks as the runbooks list shows them (listedTriggers.ts): their
   * Start steps read in one query, each schedule's next time from the scheduler.
   */
  listed(runbookIds: readonly string[]): Map<string, ListedTriggers | null>;
  setSecret(runbookId: string, secret: string | null): { hasSecret: boolean };
  /**
   * Dismisses the schedule's missed-runs note on the Start step: the entry logged at `at`, which
   * must be a missed-runs entry the trigger log still keeps (so a made-up time cannot silence the
   * notes to come).
   */
  dismissMissedRuns(runbookId: string, at: string): { missedNoteDismissedAt: string };
  boundPort(): number | null;
  /** The listener's address, or null and why nothing listens (Settings → Webhooks shows it). */
  listenerStatus(): WebhookListener;
  /** Where approval links start (http://host:port), or null while the listener is off. */
  linkBase(): string | null;
  stop(): Promise<void>;
}

export function createTriggerService(deps: TriggerServiceDependencies): TriggerService {
  const now = deps.now ?? (() => new Date());
  let isStopped = false;
  let isStarted = false;
  let followingElsewhere: Disposable | null = null;
  const logEvent = triggerLogOf(deps);
  const scheduler = createScheduleHost({
    triggers: deps.triggers,
    triggeredVersion: deps.triggeredVersion,
    storedEntry: (runbookId) => currentEntry(runbookId),
    startScheduledRun: (runbookId, version, scheduledAt) =>
      deps.startRun(runbookId, version, 'schedule', {}, { scheduledAt }),
    logEvent,
    log: deps.log,
    now,
    ...(deps.scheduleClock === undefined ? {} : { clock: deps.scheduleClock }),
    ...(deps.folderProcess === undefined ? {} : { folderProcess: deps.folderProcess }),
  });

  /** The published Start step with the draft's switches (webhook on/off, schedule paused). */
  const triggeredStart = (runbookId: string, published: RunbookGraph): StartStep | undefined =>
    triggeredStartOf(published, deps.runbookRows.get(runbookId));
  const webhookSecrets = createWebhookSecrets(deps);

  const newServer = () =>
    createWebhookServer({
      target: webhookTargetFor({
        hasRunbook: deps.hasRunbook,
        triggeredVersion: deps.triggeredVersion,
        triggeredStart,
        readSecret: webhookSecrets.read,
        startRun: (runbookId, version, inputs, payload, maskedValues) =>
          deps.startRun(runbookId, version, 'webhook', inputs, payload, maskedValues),
      }),
      record: (outcome) =>
        logEvent({
          runbookId: outcome.runbookId,
          kind: 'webhook',
          outcome: outcome.outcome,
          at: now().toISOString(),
          status: outcome.status,
          message: outcome.message,
          runId: outcome.runId,
        }),
      log: deps.log,
      ...(deps.maxWebhookBodyBytes === undefined ? {} : { maxBodyBytes: deps.maxWebhookBodyBytes }),
      ...(deps.approvalLinks === undefined ? {} : { approvalLinks: deps.approvalLinks }),
    });
  const listener = createWebhookListener(newServer, deps.log);

  /** The runbook's schedule as its triggered version says now. */
  const currentEntry = (runbookId: string): ScheduleEntry | undefined => {
    const version = deps.triggeredVersion(runbookId);
    return version === undefined
      ? undefined
      : scheduleEntryOf(runbookId, triggeredStart(runbookId, version.graph));
  };

  const logUnread = (runbookId: string, error: unknown) =>
    deps.log(`schedule of runbook ${runbookId}: ${(error as Error).message}`);

  const place = (runbookId: string, entry: ScheduleEntry | undefined) => {
    if (entry === undefined) scheduler.remove(runbookId);
    else scheduler.upsert(entry);
  };

  /**
   * Follows a write to a runbook or its versions: its schedule is noted for the other processes
   * and, once started, set again here, or goes. A version that cannot be read is logged, not
   * thrown: the write that told us has happened and stands.
   */
  const followWrite = ({ id }: RunbookWrite) => {
    try {
      const entry = currentEntry(id);
      deps.schedulesElsewhere.note(id, entry);
      if (isStarted) place(id, entry);
    } catch (error) {
      logUnread(id, error);
    }
  };
  const writeSubscription = deps.runbookWrites.onDidWrite(followWrite);

  /** Follows a schedule another process on the data folder changed. */
  const followElsewhere = (runbookId: string) => {
    try {
      place(runbookId, currentEntry(runbookId));
    } catch (error) {
      logUnread(runbookId, error);
    }
  };

  /** Every runbook's schedule at start-up; one whose version cannot be read is logged and left out. */
  const startEntries = (): ScheduleEntry[] =>
    deps.runbookIds().flatMap((runbookId) => {
      try {
        return currentEntry(runbookId) ?? [];
      } catch (error) {
        logUnread(runbookId, error);
        return [];
      }
    });

  return {
    start: async (settings) => {
      if (isStopped || isStarted) return;
      isStarted = true;
      // Watched before the schedules are read, so none changed in between is missed.
      followingElsewhere = deps.schedulesElsewhere.watch(followElsewhere, deps.log);
      scheduler.set(startEntries());
      await listener.start(settings.webhookHost, settings.webhookPort);
    },
    moveWebhooks: (host, port) => listener.move(host, port),
    status: (runbookId) => {
      if (!deps.hasRunbook(runbookId)) throw new AppError('not_found', 'This runbook no longer exists.');
      const version = deps.triggeredVersion(runbookId);
      return {
        version: version === undefined ? null : { number: version.number, publishedAt: version.publishedAt },
        webhook: {
          url: listener.urlOf(runbookId),
          hasSecret: webhookSecrets.has(runbookId),
          error: listener.error(),
        },
        schedule: {
          nextTimes: scheduler.nextTimes(runbookId, 5).map((time) => time.toISOString()),
          lastFiredAt: deps.triggers.lastFiredAt(runbookId),
          error: null,
          missedNoteDismissedAt: deps.triggers.missedNoteDismissedAt(runbookId),
        },
        events: deps.triggers.listEvents(runbookId, latestTriggerEventsShown),
      };
    },
    listed: (runbookIds) => {
      const stored = deps.startSteps(runbookIds);
      return new Map(
        runbookIds.map((runbookId) => [
          runbookId,
          listedTriggersOf(
            stored.get(runbookId),
            () => scheduler.nextTimes(runbookId, 1)[0]?.toISOString() ?? null,
          ),
        ]),
      );
    },
    setSecret: (runbookId, secret) => {
      if (!deps.hasRunbook(runbookId)) throw new AppError('not_found', 'This runbook no longer exists.');
      webhookSecrets.write(runbookId, secret);
      return { hasSecret: secret !== null };
    },
    dismissMissedRuns: (runbookId, at) => {
      if (!deps.hasRunbook(runbookId)) throw new AppError('not_found', 'This runbook no longer exists.');
      const isLogged = deps.triggers
        .listEvents(runbookId, triggerEventsKept)
        .some((event) => event.kind === 'schedule' && event.outcome === 'missed' && event.at === at);
      if (!isLogged)
        throw new AppError(
          'not_found',
          'This missed-runs note is no longer in the trigger log; open the Start step again to see the current one.',
        );
      deps.triggers.dismissMissedNote(runbookId, at);
      return { missedNoteDismissedAt: deps.triggers.missedNoteDismissedAt(runbookId) ?? at };
    },
    boundPort: () => listener.boundPort(),
    listenerStatus: () => ({ url: listener.baseUrl(), error: listener.error() }),
    linkBase: () => listener.baseUrl(),
    stop: async () => {
      isStopped = true;
      isStarted = false;
      writeSubscription.dispose();
      followingElsewhere?.dispose();
      scheduler.stop();
      await listener.stop();
    },
  };
}
