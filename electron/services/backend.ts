/**
 * Builds the backend both shells share: database, secrets, services, handlers and events.
 * Each shell calls this once from its composition root with its own key provider.
 */
import fs from 'node:fs';
import { restrictDirectoryToOwner } from './dataDirectory';
import path from 'node:path';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers';
import { createDeletionImpacts } from './runbooks/deletionImpact';
import { createRunbookListing } from './runbooks/runbookListing';
import { createStartStepQuery } from './db/repositories/startStepQuery';
import type { ConfigurationService } from './configurations/configurationService';
import type { CredentialOverrides } from './configurations/credentialOverrides';
import { startCheckpointer } from './db/checkpointer';
import { openDatabase, type Database } from './db/database';
import { storageFaultLogLine } from './db/storageFault';
import { createWriteBehind } from './db/writeBehind';
import { wireEngineSide } from './engineSide';
import { wireIntegrationSide } from './integrationSide';
import { createWriteNotices } from './db/writeNotices';
import { createKeyringRepository } from './db/repositories/keyringRepository';
import { createRunRepository } from './db/repositories/runRepository';
import { createSettingsRepository } from './db/repositories/settingsRepository';
import { createDocumentFetcher } from './io/fetchDocument';
import { createOpenApiReader } from './io/openApiReader';
import { exportRunbook } from './io/runbookExport';
import { createVersionComparison } from './runbooks/versionComparison';
import { createRunbookImport } from './io/runbookImport';
import { createIntegrationTransfer } from './io/integrationTransfer';
import { createRunbookRepository, type RunbookWrite } from './db/repositories/runbookRepository';
import { createRunbookVersionRepository } from './db/repositories/runbookVersionRepository';
import { createRunRecorder } from './runs/runRecorder';
import { createRunGroupRepository } from './db/repositories/runGroupRepository';
import { createRunGroupService, type RunGroupService } from './runGroups/runGroupService';
import { createRunGroupStarts } from './runGroups/runGroupStarts';
import type { QueueConnection } from './queue/queueAddress';
import type { QueuedEngine } from './queue/queuedEngine';
import { createRedisRateLimiter } from './queue/redisRateLimiter';
import type { TeamSeal } from './queue/teamSeal';
import { createPinRepository } from './db/repositories/pinRepository';
import { createPinService } from './rehearsal/pinService';
import { createTestCaseService } from './rehearsal/testCaseService';
import { createTestCaseRepository } from './db/repositories/testCaseRepository';
import { rehearsalFor } from './rehearsal/rehearsalFor';
import { createDebugRuns } from './rehearsal/debugRuns';
import type { MethodService } from './methods/methodService';
import { createPublishedVersions } from './runbooks/publishedVersions';
import { createRunbookLoader } from './runbooks/runbookLoader';
import { beingDeleted, createRunbookService } from './runbooks/runbookService';
import { createDeletions } from './db/slices';
import { createRunbookVersionService } from './runbooks/runbookVersionService';
import { createEventBus, type EventBus } from './events/eventBus';
import type { IntegrationService } from './integrations/integrationService';
import type { KeyProvider } from './secrets/keyProvider';
import { createSecretStore } from './secrets/secretStore';
import { createSettingsService } from './settings/settingsService';
import { createTriggerRepository } from './db/repositories/triggerRepository';
import { runbookGraphSchema } from '../../shared/runbook/runbookGraph';
import { createApprovalRepository } from './db/repositories/approvalRepository';
import { createApprovalService } from './approvals/approvalService';
import { resumeWaitingRuns } from './approvals/waitingRunResume';
import { startTriggers } from './triggers/startTriggers';
import { createTriggerService, type TriggerService } from './triggers/triggerService';
import type { SchedulerClock } from './triggers/scheduler';

export const databaseFileName = 'runbook-designer.sqlite';

export interface BackendOptions {
  dataDirectory: string;
  shell: 'electron' | 'headless';
  version: string;
  /** Built from the data directory, so the headless shell can keep its key file there. */
  keyProvider: (dataDirectory: string) => KeyProvider;
  nativeBinding?: string;
  log: (line: string) => void;
  /** Opens the user's browser for OAuth sign-in (the headless shell prints the address instead). */
  openBrowser?: (url: string) => Promise<void>;
  /** The clock schedules run by; tests inject one, shells use the real one. */
  scheduleClock?: SchedulerClock;
  /** False for one-off commands: no webhook listener, no schedules (default true). */
  startTriggers?: boolean;
  /** Tests only: sees the connection once it is open, to bring about storage faults (a full disk). */
  onDatabaseOpened?: (db: Database) => void;
  /**
   * How long after the start the checkpoint thread starts (checkpointer.ts; 2 s, out of the way
   * of the first screen). The engine benchmark starts it at once to measure the app as it runs.
   */
  checkpointStartDelayMs?: number;
  /**
   * The command line's `run`: credentials given to this process (environment, secrets file), laid
   * over the stored configurations and never written; and runs started by hand recorded as `cli`.
   */
  commandLine?: { credentials: CredentialOverrides };
  /** Tests only: counts the listeners on the backend's event bus and write notices, by name. */
  onWired?: (listenerCounts: () => Record<string, number>) => void;
  /**
   * Queue mode (`serve --queue`): runs go on the Redis queue for workers, whose records come back
   * here to be written; this process stays the database's only writer.
   */
  queue?: { address: string; connection: QueueConnection; seal: TeamSeal };
}

export interface Backend extends Disposable {
  dispatch: Dispatch;
  /** Run groups (run across clients), for the command line to wait on one. */
  runGroups: RunGroupService;
  events: EventBus;
  integrations: IntegrationService;
  configurations: ConfigurationService;
  methods: MethodService;
  triggers: TriggerService;
  /** Settles once the webhook listener is bound (or has reported why it could not be). */
  triggersReady: Promise<void>;
  databaseFile: string;
  /** In queue mode: the queue's state and its workers. */
  queue?: Pick<QueuedEngine, 'status' | 'claimed' | 'ready'>;
}

export function createBackend(options: BackendOptions): Backend {
  fs.mkdirSync(options.dataDirectory, { recursive: true, mode: 0o700 });
  restrictDirectoryToOwner(options.dataDirectory);
  const databaseFile = path.join(options.dataDirectory, databaseFileName);
  const db = openDatabase({
    file: databaseFile,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  const disposables: (() => void)[] = [];
  let isDisposed = false;
  try {
    options.onDatabaseOpened?.(db);
    // In queue mode, workers may still be running them: the queue is asked instead (below).
    const interrupted =
      options.queue === undefined ? createRunRepository(db).markInterrupted(new Date().toISOString()) : 0;
    if (interrupted > 0)
      options.log(`marked ${String(interrupted)} run(s) left unfinished as failed (interrupted)`);
    const runGroupRepository = createRunGroupRepository(db);
    runGroupRepository.markLeftWaiting('The app stopped before this client’s run started.');
    const events = createEventBus();
    const secrets = createSecretStore(
      createKeyringRepository(db),
      options.keyProvider(options.dataDirectory),
    );
    // Step records and call-log rows are committed in batches; flushed before the database closes.
    const writes = createWriteBehind(db, {
      onError: (error) => options.log(`a run or call record could not be written: ${error.message}`),
      onFault: (fault) => {
        events.emit({ name: 'storage.changed', payload: { fault: fault ?? null } });
        options.log(storageFaultLogLine[fault ?? 'none']);
      },
    });
    disposables.push(() => writes.flush());
    // Queue mode: the main and every worker share one limiter per integration, held in Redis.
    const sharedLimiter =
      options.queue === undefined
        ? undefined
        : createRedisRateLimiter({ connection: options.queue.connection, log: options.log });
    if (sharedLimiter !== undefined) disposables.push(() => void sharedLimiter.dispose());
    const runRepository = createRunRepository(db, writes);
    const integrationSide = wireIntegrationSide({
      db,
      events,
      secrets,
      writes,
      keepCallWithStep: (call) => runRepository.keepCallWithStep(call),
      log: options.log,
      ...(sharedLimiter === undefined ? {} : { rateLimiter: sharedLimiter }),
      ...(options.openBrowser === undefined ? {} : { openBrowser: options.openBrowser }),
      disposables,
      ...(options.commandLine === undefined ? {} : { givenCredentials: options.commandLine.credentials }),
    });
    const { integrations, configurations, methods, transport, tokens } = integrationSide;
    // A call whose step is still going at close is logged on its own, before the last flush
    // (disposables run last first; the recorder closes before this).
    disposables.push(() => {
      for (const call of runRepository.takeUnfinishedCalls()) integrationSide.apiCalls.record(call);
    });
    // The WAL is written back into the file off the event loop (see checkpointer.ts): started once
    // the start-up clean-ups above have emptied it alone, ended before the database closes
    // (disposables run last first).
    const checkpointer = startCheckpointer(db, {
      file: databaseFile,
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
      ...(options.checkpointStartDelayMs === undefined
        ? {}
        : { startDelayMs: options.checkpointStartDelayMs }),
      log: options.log,
    });
    disposables.push(() => void checkpointer.dispose());
    const { integrationRepository, methodRows, configurationRepository } = integrationSide;
    const settings = createSettingsService(createSettingsRepository(db));
    // API descriptions are read in a worker with a time and memory budget: a hostile one must
    // not hold the calls, webhooks and shutdown this thread serves.
    const openApi = createOpenApiReader();
    disposables.push(() => openApi.dispose());
    const fetchDocument = createDocumentFetcher(transport);
    const importDocument = async (source: string) =>
      openApi.read(/^https?:\/\/\S+$/i.test(source) ? await fetchDocument(source) : source);
    // A runbook's details, draft or versions written: the windows hear it.
    const runbookWrites = createWriteNotices<RunbookWrite>();
    const runbookEvents = runbookWrites.onDidWrite((payload) =>
      events.emit({ name: 'runbooks.changed', payload }),
    );
    disposables.push(() => runbookEvents.dispose());
    const runbookRepository = createRunbookRepository(db, runbookWrites);
    const versionRepository = createRunbookVersionRepository(db, runbookWrites, writes);
    const published = createPublishedVersions(versionRepository);
    const pinRepository = createPinRepository(db);
    const testCaseRepository = createTestCaseRepository(db);
    // Runs still going when the backend closes stop writing; the next start marks them interrupted.
    // A runbook being deleted (its runs go a slice at a time) starts no run, from anywhere.
    const runbookDeletions = createDeletions();
    const recorder = createRunRecorder({
      runs: runRepository,
      events,
      refusal: (runbookId) => (runbookDeletions.isGoing(runbookId) ? beingDeleted : undefined),
    });
    const transaction = <T>(fn: () => T): T => db.transaction(fn)();
    const approvalRepository = createApprovalRepository(db, writes);
    const approvals = createApprovalService({
      approvals: approvalRepository,
      runs: runRepository,
      events,
      secrets,
      // The webhook listener serves the links; `triggers` is made below, before any run starts.
      linkBase: () => triggers.linkBase(),
    });
    disposables.push(() => approvals.close());
    // Run runbook steps: the engine runs runbooks, which start runs on the engine.
    const loadRunbook = createRunbookLoader({
      runbooks: runbookRepository,
      published,
      problemOf: (graph) => runbooks.problemOf(graph),
    });
    const { engine, queued } = wireEngineSide({
      db,
      events,
      writes,
      runs: runRepository,
      hooks: recorder.hooks,
      methods,
      approvals,
      loadRunbook,
      hasPins: (runbookId) => pinRepository.valuesOf(runbookId).size > 0,
      recordCall: (call) => integrationSide.apiCalls.record(call),
      disposables,
      log: options.log,
      ...(options.queue === undefined ? {} : { queue: options.queue }),
    });
    const runbooks = createRunbookService({
      runbooks: runbookRepository,
      runs: runRepository,
      engine,
      transaction,
      rehearsalFor: (mode, usePins) => rehearsalFor(mode, usePins, (id) => pinRepository.valuesOf(id)),
      manualRunTrigger: options.commandLine === undefined ? 'manual' : 'cli',
      versionGraph: (versionId) => published.publishedGraph(versionId),
      methodIntegrationId: (methodId) => methods.integrationIdOf(methodId),
      configurationIdByName: (integrationId, name) => configurations.idByName(integrationId, name),
      methodFacts: methods.facts,
      deletions: runbookDeletions,
    });
    const pins = createPinService({
      pins: pinRepository,
      runs: runRepository,
      draftOf: (runbookId) => runbooks.get(runbookId).draft,
      onDidChange: (runbookId) => events.emit({ name: 'pins.changed', payload: { runbookId } }),
    });
    const testCases = createTestCaseService({
      testCases: testCaseRepository,
      runs: runRepository,
      engine,
      draftOf: (runbookId) => runbooks.get(runbookId).draft,
      runbookName: (runbookId) => runbookRepository.get(runbookId)?.name,
      problemOf: (graph) => runbooks.problemOf(graph),
      trigger: options.commandLine === undefined ? 'manual' : 'cli',
      onDidChange: (runbookId) => events.emit({ name: 'testCases.changed', payload: { runbookId } }),
      onProgress: (payload) => events.emit({ name: 'testCases.progress', payload }),
    });
    const runGroups = createRunGroupService({
      groups: runGroupRepository,
      runs: runRepository,
      events,
      rerun: (runId, groupRun) => runbooks.rerun(runId, { groupRun }),
    });
    disposables.push(() => runGroups.dispose());
    const runGroupStarts = createRunGroupStarts({
      groups: runGroups,
      runbooks,
      methodIntegrationId: (methodId) => methods.integrationIdOf(methodId),
      loadRunbook,
      clientNamesOf: (integrationId) =>
        configurations.list(integrationId).map((configuration) => configuration.clientName),
      manualTrigger: options.commandLine === undefined ? 'manual' : 'cli',
    });
    const debugRuns = createDebugRuns({
      startManualRun: (...args) => runbooks.startManualRun(...args),
      cancel: (runId) => engine.cancel(runId),
      onPauseChanged: (payload) => events.emit({ name: 'runs.debugChanged', payload }),
    });
    // Disposed after the recorder closes (disposables run last first): the released runs record nothing.
    disposables.push(() => debugRuns.dispose());
    const versions = createRunbookVersionService({ versions: versionRepository, runbooks, transaction });
    const triggers = createTriggerService({
      triggers: createTriggerRepository(db, writes),
      events,
      secrets,
      hasRunbook: (runbookId) => runbookRepository.get(runbookId) !== undefined,
      triggeredVersion: (runbookId) => published.triggeredVersion(runbookId),
      runbookIds: () => runbookRepository.ids(),
      runbookRows: runbookRepository,
      startSteps: createStartStepQuery(db),
      runbookWrites,
      ...(options.scheduleClock === undefined ? {} : { scheduleClock: options.scheduleClock }),
      // A schedule that targets clients starts a run group (runGroupStarts.ts).
      startRun: (runbookId, version, trigger, inputs, payload, maskedValues) =>
        runGroupStarts.startTriggered(runbookId, version, trigger, inputs, payload, maskedValues),
      approvalLinks: approvals,
      log: options.log,
    });
    const integrationTransfer = createIntegrationTransfer({
      integrations: integrationRepository,
      methods: methodRows,
      events,
      transaction,
    });
    // What a runbook file holds is read from (export) and written to (import) these.
    const runbookFileRows = {
      runbooks: runbookRepository,
      methods: methodRows,
      integrations: integrationRepository,
      configurations: configurationRepository,
      testCases: testCaseRepository,
    };
    const runbookImport = createRunbookImport({ ...runbookFileRows, events, transaction });
    const handlers = createHandlers({
      runbooks,
      deletionImpacts: createDeletionImpacts({
        methods: methodRows,
        runbooks: runbookRepository,
        runs: runRepository,
      }),
      runbookListing: createRunbookListing({
        runbooks: runbookRepository,
        runs: runRepository,
        versions: versionRepository,
        triggers: (runbookIds) => triggers.listed(runbookIds),
      }),
      versions,
      compareVersions: createVersionComparison({
        runbooks,
        versions,
        exportFile: (id, graph) => exportRunbook(runbookFileRows, id, graph).content,
      }),
      runs: runRepository,
      engine,
      importDocument,
      appInfo: () => ({
        name: 'Runbook Designer',
        version: options.version,
        shell: options.shell,
        dataDirectory: options.dataDirectory,
        databaseFile,
        keyProtection: secrets.protection(),
        storageFault: writes.fault() ?? null,
      }),
      settings,
      integrations,
      configurations,
      methods,
      clearTokens: (configurationId) => tokens.clear(configurationId),
      triggers,
      runbookImport,
      integrationTransfer,
      pins,
      testCases,
      approvals,
      runGroups,
      runGroupStarts,
      debugRuns,
      queueStatus: async () =>
        queued === undefined || options.queue === undefined
          ? { mode: 'single' }
          : { mode: 'queue', address: options.queue.address, ...(await queued.status()) },
      exportRunbook: (id) => exportRunbook(runbookFileRows, id),
    });
    options.onWired?.(() => ({
      events: events.listenerCount(),
      repositoryWrites: integrationSide.repositoryWrites.listenerCount(),
      runbookWrites: runbookWrites.listenerCount(),
    }));
    // A one-off command (`run`) neither listens for webhooks nor fires schedules.
    const triggersReady =
      options.startTriggers === false
        ? Promise.resolve()
        : startTriggers({ triggers, settings, isClosed: () => isDisposed, log: options.log });
    // Runs that waited for an approval when the app stopped wait again (once the listener that
    // serves their links is up); a one-off command leaves them for the app.
    if (options.startTriggers !== false) {
      void triggersReady.then(() => {
        if (isDisposed) return;
        const resumed = resumeWaitingRuns({
          approvals: approvalRepository,
          runs: runRepository,
          engine,
          graphOf: (run) => {
            const version = run.versionId === null ? undefined : published.publishedGraph(run.versionId);
            if (version !== undefined) return version.graph;
            const parsed = runbookGraphSchema.safeParse(runbookRepository.get(run.runbookId)?.draft);
            return parsed.success ? parsed.data : undefined;
          },
          log: options.log,
        });
        if (resumed > 0) options.log(`${String(resumed)} run(s) waiting for an approval wait again`);
      });
    }
    disposables.push(() => {
      isDisposed = true;
      recorder.close();
      void triggers.stop();
    });
    return {
      dispatch: createDispatcher(handlers, options.log, () => isDisposed || !db.open),
      runGroups,
      events,
      integrations,
      configurations,
      methods,
      triggers,
      triggersReady,
      databaseFile,
      ...(queued === undefined ? {} : { queue: queued }),
      dispose: () => {
        for (const dispose of disposables.splice(0).reverse()) dispose();
        db.close();
      },
    };
  } catch (error) {
    for (const dispose of disposables.splice(0).reverse()) dispose();
    db.close();
    throw error;
  }
}
