/**
 * The runbook triggers that live beyond a window: the webhook listener on the address from
 * Settings and (with the scheduler) schedules. Both shells get it from the backend, so `serve`
 * keeps runbooks running on a server too. Starts and stops with the backend. Triggers run the
 * latest available published version: its Start step's settings decide the webhook and the
 * schedule, so editing the draft changes nothing until it is published — but for the switches
 * (webhook on/off, schedule paused), which apply at once (triggerSwitches.ts).
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
import { isStartStep, webhookTriggerSchema, type StartStep } from '../../../shared/runbook/stepTypes';
import {
  maxTriggerMessageChars,
  type TriggerEvent,
  type TriggerRepository,
} from '../db/repositories/triggerRepository';
import type { RunbookRepository, RunbookWrite } from '../db/repositories/runbookRepository';
import type { StoredStartSteps } from '../db/repositories/startStepQuery';
import { graphOf } from '../runbooks/runbookService';
import type { WriteNotices } from '../db/writeNotices';
import type { EventBus } from '../events/eventBus';
import type { TriggeredVersion } from '../runbooks/publishedVersions';
import type { SecretStore } from '../secrets/secretStore';
import { createScheduleHost } from './scheduleHost';
import type { ScheduleEntry, SchedulerClock } from './scheduler';
import { withDraftSwitches } from './triggerSwitches';
import { listedTriggersOf } from './listedTriggers';
import { createWebhookListener } from './webhookListener';
import type { ApprovalService } from '../approvals/approvalService';
import { createWebhookServer } from './webhookServer';

export const webhookSecretName = 'webhook';

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
   * deleting or importing a runbook change what the webhook and the schedule follow. Heard from
   * `start` to `stop` only, so no write is taken for the scheduler's start-up load.
   */
  runbookWrites: Pick<WriteNotices<RunbookWrite>, 'onDidWrite'>;
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
  boundPort(): number | null;
  /** The listener's address, or null and why nothing listens (Settings → Webhooks shows it). */
  listenerStatus(): WebhookListener;
  /** Where approval links start (http://host:port), or null while the listener is off. */
  linkBase(): string | null;
  stop(): Promise<void>;
}

const startStepOf = (graph: RunbookGraph): StartStep | undefined => graph.steps.find(isStartStep);

/** The scheduler's entry for a runbook, or undefined when it has no schedule. */
function scheduleEntryOf(runbookId: string, start: StartStep | undefined): ScheduleEntry | undefined {
  const schedule = start?.schedule;
  if (schedule?.isEnabled !== true) return undefined;
  return {
    runbookId,
    expression: schedule.expression,
    timeZone: schedule.timeZone,
    isActive: !schedule.isPaused,
  };
}

/** The webhook's answer while a runbook has no available published version. */
export const notPublishedRefusal = {
  status: 409,
  code: 'not_published',
  message: 'Publish this runbook to run it from its webhook.',
} as const;

const secretContext = (runbookId: string) => `trigger_secrets:${runbookId}:${webhookSecretName}`;

export function createTriggerService(deps: TriggerServiceDependencies): TriggerService {
  const now = deps.now ?? (() => new Date());
  let isStopped = false;
  let writeSubscription: Disposable | null = null;
  /**
   * Writes an entry to the runbook's trigger log and pushes it to the windows, so a Start step
   * that is open shows it without asking again. `lastFiredAt` is the schedule's last firing when
   * this entry moved it.
   */
  const logEvent = (event: Omit<TriggerEvent, 'id'>, lastFiredAt: string | null = null) => {
    deps.triggers.addEvent(event);
    const { runbookId, kind, outcome, at, status, message, runId } = event;
    deps.events.emit({
      name: 'triggers.logged',
      payload: {
        runbookId,
        entry: { kind, outcome, at, status, message: message.slice(0, maxTriggerMessageChars), runId },
        lastFiredAt,
      },
    });
  };
  const scheduler = createScheduleHost({
    triggers: deps.triggers,
    triggeredVersion: deps.triggeredVersion,
    startScheduledRun: (runbookId, version, scheduledAt) =>
      deps.startRun(runbookId, version, 'schedule', {}, { scheduledAt }),
    logEvent,
    log: deps.log,
    now,
    ...(deps.scheduleClock === undefined ? {} : { clock: deps.scheduleClock }),
  });

  /** The draft's Start step; undefined when the runbook is gone or its draft cannot be read. */
  const draftStart = (runbookId: string): StartStep | undefined => {
    const row = deps.runbookRows.get(runbookId);
    if (row === undefined) return undefined;
    try {
      return startStepOf(graphOf(row));
    } catch {
      return undefined;
    }
  };

  /** The published Start step with the draft's switches (webhook on/off, schedule paused). */
  const triggeredStart = (runbookId: string, published: RunbookGraph): StartStep | undefined =>
    withDraftSwitches(startStepOf(published), draftStart(runbookId));

  const readSecret = (runbookId: string): string | undefined => {
    const ciphertext = deps.triggers.readSecret(runbookId, webhookSecretName);
    if (ciphertext === undefined) return undefined;
    try {
      return deps.secrets.decrypt(ciphertext, secretContext(runbookId));
    } catch {
      // Damaged, or saved under another key: only setting it again helps, so say that.
      throw new AppError(
        'secrets_key_mismatch',
        'This webhook’s secret cannot be decrypted (it was damaged or saved with another key); ' +
          'set the secret again in the runbook’s Start step.',
      );
    }
  };

  const newServer = () =>
    createWebhookServer({
      target: (runbookId) => {
        if (!deps.hasRunbook(runbookId)) return undefined;
        const version = deps.triggeredVersion(runbookId);
        if (version === undefined) return { refusal: notPublishedRefusal };
        const start = triggeredStart(runbookId, version.graph);
        if (start?.webhook?.isEnabled !== true) return undefined;
        const trigger = webhookTriggerSchema.parse(start.webhook);
        return {
          rules: {
            trigger,
            // A webhook without authentication neither needs nor checks a secret: one that no
            // longer decrypts must not stop it.
            secret: trigger.authentication === 'none' ? undefined : readSecret(runbookId),
            inputs: version.graph.inputs,
          },
          // The version whose rules judged the delivery is the one that runs.
          start: (inputs, payload, maskedValues) =>
            deps.startRun(runbookId, version, 'webhook', inputs, payload, maskedValues),
        };
      },
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

  /**
   * Follows a write to a runbook or its versions: its schedule is set again, or goes. A version
   * that cannot be read is logged, not thrown: the write that told us has happened and stands.
   */
  const followWrite = ({ id }: RunbookWrite) => {
    try {
      const entry = currentEntry(id);
      if (entry === undefined) scheduler.remove(id);
      else scheduler.upsert(entry);
    } catch (error) {
      deps.log(`schedule of runbook ${id}: ${(error as Error).message}`);
    }
  };

  return {
    start: async (settings) => {
      if (isStopped || writeSubscription !== null) return;
      const entries: ScheduleEntry[] = [];
      for (const runbookId of deps.runbookIds()) {
        const entry = currentEntry(runbookId);
        if (entry !== undefined) entries.push(entry);
      }
      scheduler.set(entries);
      writeSubscription = deps.runbookWrites.onDidWrite(followWrite);
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
          hasSecret: deps.triggers.hasSecret(runbookId, webhookSecretName),
          error: listener.error(),
        },
        schedule: {
          nextTimes: scheduler.nextTimes(runbookId, 5).map((time) => time.toISOString()),
          lastFiredAt: deps.triggers.lastFiredAt(runbookId),
          error: null,
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
      if (secret === null) deps.triggers.clearSecret(runbookId, webhookSecretName);
      else
        deps.triggers.writeSecret(
          runbookId,
          webhookSecretName,
          deps.secrets.encrypt(secret, secretContext(runbookId)),
        );
      return { hasSecret: secret !== null };
    },
    boundPort: () => listener.boundPort(),
    listenerStatus: () => ({ url: listener.baseUrl(), error: listener.error() }),
    linkBase: () => listener.baseUrl(),
    stop: async () => {
      isStopped = true;
      writeSubscription?.dispose();
      scheduler.stop();
      await listener.stop();
    },
  };
}
