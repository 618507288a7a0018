/**
 * Builds the backend both shells share: database, secrets, services, handlers and events.
 * Each shell calls this once from its composition root with its own key provider. The steps
 * live in one wiring module per side (storageSide.ts, integrationSide.ts, runbookSide.ts,
 * runbookToolsSide.ts, triggerSide.ts, handlerSide.ts); this file puts them in order.
 */
import type { AppInfo } from '../../shared/domain/settings';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import type { ConfigurationService } from './configurations/configurationService';
import type { CredentialOverrides } from './configurations/credentialOverrides';
import type { Database } from './db/database';
import { createSettingsRepository } from './db/repositories/settingsRepository';
import type { EventBus } from './events/eventBus';
import { wireHandlers } from './handlerSide';
import { wireIntegrationSide } from './integrationSide';
import type { IntegrationService } from './integrations/integrationService';
import { createDocumentImport } from './io/documentImport';
import { createDocumentFetcher } from './io/fetchDocument';
import { createOpenApiReader } from './io/openApiReader';
import type { MethodService } from './methods/methodService';
import type { QueueConnection } from './queue/queueAddress';
import type { QueuedEngine } from './queue/queuedEngine';
import type { TeamSeal } from './queue/teamSeal';
import { wireRunbookSide } from './runbookSide';
import { wireRunbookTools } from './runbookToolsSide';
import type { RunGroupService } from './runGroups/runGroupService';
import type { KeyProvider } from './secrets/keyProvider';
import { createSettingsService } from './settings/settingsService';
import { openStorage, startCheckpointing, wireStorageSide, type StorageSide } from './storageSide';
import { startTriggerSide, wireTriggers } from './triggerSide';
import type { SchedulerClock } from './triggers/scheduler';
import type { TriggerService } from './triggers/triggerService';

export { databaseFileName } from './storageSide';

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
  const { db, databaseFile } = openStorage(options);
  const disposables: (() => void)[] = [];
  const close = () => {
    for (const dispose of disposables.splice(0).reverse()) dispose();
    db.close();
  };
  try {
    options.onDatabaseOpened?.(db);
    return wireBackend({ db, databaseFile, options, disposables }, close);
  } catch (error) {
    close();
    throw error;
  }
}

/** What every step of the wiring is given. */
interface Wiring {
  db: Database;
  databaseFile: string;
  options: BackendOptions;
  /** What must be disposed when the backend closes, in order of creation (run last first). */
  disposables: (() => void)[];
}

/** The services, the handlers over them, then the triggers started. */
function wireBackend(wiring: Wiring, close: () => void): Backend {
  const { db, options, disposables } = wiring;
  const services = wireServices(wiring);
  const { storage, integrationSide, runbookSide, tools, triggers } = services;
  const handlers = wireHandlers({
    ...services,
    appInfo: () => appInfoOf(wiring, storage),
    queueAddress: options.queue?.address,
  });
  options.onWired?.(() => ({
    events: storage.events.listenerCount(),
    repositoryWrites: integrationSide.repositoryWrites.listenerCount(),
    runbookWrites: runbookSide.runbookWrites.listenerCount(),
  }));
  let isDisposed = false;
  const triggersReady = startTriggerSide({
    ...services,
    // A one-off command (`run`) neither listens for webhooks nor fires schedules.
    isOneOff: options.startTriggers === false,
    isClosed: () => isDisposed,
    log: options.log,
  });
  disposables.push(() => {
    isDisposed = true;
    runbookSide.recorder.close();
    void triggers.stop();
  });
  const { queued } = runbookSide;
  return {
    dispatch: createDispatcher(handlers, options.log, () => isDisposed || !db.open),
    runGroups: tools.runGroups,
    events: storage.events,
    integrations: integrationSide.integrations,
    configurations: integrationSide.configurations,
    methods: integrationSide.methods,
    triggers,
    triggersReady,
    databaseFile: wiring.databaseFile,
    ...(queued === undefined ? {} : { queue: queued }),
    dispose: close,
  };
}

/** Every service, in the order they are built. */
function wireServices(wiring: Wiring) {
  const { db, options, disposables } = wiring;
  const log = options.log;
  const storage = wireStorageSide(db, options, disposables);
  const integrationSide = wireIntegrations(wiring, storage);
  startCheckpointing(db, wiring.databaseFile, options, disposables);
  const settings = createSettingsService(createSettingsRepository(db));
  // API descriptions are read in a worker with a time and memory budget: a hostile one must
  // not hold the calls, webhooks and shutdown this thread serves.
  const openApi = createOpenApiReader();
  disposables.push(() => openApi.dispose());
  const importDocument = createDocumentImport({
    reader: openApi,
    fetchDocument: createDocumentFetcher(integrationSide.transport),
  });
  const manualTrigger = options.commandLine === undefined ? 'manual' : 'cli';
  const queue = options.queue === undefined ? {} : { queue: options.queue };
  const runbookSide = wireRunbookSide({
    db,
    storage,
    integrationSide,
    // The webhook listener serves the links; `triggers` is made below, before any run starts.
    linkBase: () => triggers.linkBase(),
    manualTrigger,
    disposables,
    log,
    ...queue,
  });
  const tools = wireRunbookTools({ storage, integrationSide, runbookSide, manualTrigger, disposables, log });
  const clock = options.scheduleClock === undefined ? {} : { scheduleClock: options.scheduleClock };
  const triggers = wireTriggers({
    db,
    storage,
    runbookSide,
    runGroupStarts: tools.runGroupStarts,
    log,
    disposables,
    ...clock,
  });
  return { storage, integrationSide, settings, importDocument, runbookSide, tools, triggers };
}

/** The integration side over the storage, with the calls still going at close logged on their own. */
function wireIntegrations({ db, options, disposables }: Wiring, storage: StorageSide) {
  const { runRepository, sharedLimiter } = storage;
  const integrationSide = wireIntegrationSide({
    db,
    events: storage.events,
    secrets: storage.secrets,
    writes: storage.writes,
    keepCallWithStep: (call) => runRepository.keepCallWithStep(call),
    log: options.log,
    rateLimiter: sharedLimiter,
    ...(options.openBrowser === undefined ? {} : { openBrowser: options.openBrowser }),
    disposables,
    ...(options.commandLine === undefined ? {} : { givenCredentials: options.commandLine.credentials }),
  });
  // A call whose step is still going at close is logged on its own, before the last flush
  // (disposables run last first; the recorder closes before this).
  disposables.push(() => {
    for (const call of runRepository.takeUnfinishedCalls()) integrationSide.apiCalls.record(call);
  });
  return integrationSide;
}

/** The `app.info` call: what this backend is and where it keeps its data. */
function appInfoOf({ databaseFile, options }: Wiring, storage: StorageSide): AppInfo {
  return {
    name: 'Runbook Designer',
    version: options.version,
    shell: options.shell,
    dataDirectory: options.dataDirectory,
    databaseFile,
    keyProtection: storage.secrets.protection(),
    storageFault: storage.writes.fault() ?? null,
  };
}
