/**
 * Builds the backend both shells share: database, secrets, services, handlers and events.
 * Each shell calls this once from its composition root with its own key provider.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Disposable } from '../../shared/lifecycle/disposable';
import { createDispatcher, type Dispatch } from './api/dispatcher';
import { createHandlers } from './api/handlers';
import { createConfigReferenceResolver } from './configurations/configReferences';
import { createConfigurationAccess } from './configurations/configurationAccess';
import { createConfigurationService, type ConfigurationService } from './configurations/configurationService';
import { migrateCredentialValues } from './configurations/migrateCredentialValues';
import { createApiCallRepository } from './db/repositories/apiCallRepository';
import { emptyWal, eraseFreedContent, openDatabase, secureTransaction, type Database } from './db/database';
import type { StorageFault } from './db/storageFault';
import { createWriteBehind } from './db/writeBehind';
import { createWriteNotices } from './db/writeNotices';
import { createConfigurationRepository } from './db/repositories/configurationRepository';
import { createIntegrationRepository } from './db/repositories/integrationRepository';
import { createIntegrationSecretRepository } from './db/repositories/integrationSecretRepository';
import { createKeyringRepository } from './db/repositories/keyringRepository';
import { createMethodRepository } from './db/repositories/methodRepository';
import { createRunRepository } from './db/repositories/runRepository';
import { createSettingsRepository } from './db/repositories/settingsRepository';
import { createTokenRepository } from './db/repositories/tokenRepository';
import { createHttpCore } from './http/httpCore';
import { createHttpTransport } from './http/httpTransport';
import { createDocumentFetcher } from './io/fetchDocument';
import { createOpenApiReader } from './io/openApiReader';
import { exportRunbook } from './io/runbookExport';
import { createRunbookImport } from './io/runbookImport';
import { createIntegrationTransfer } from './io/integrationTransfer';
import { createRunbookRepository, type RunbookWrite } from './db/repositories/runbookRepository';
import { createRunbookVersionRepository } from './db/repositories/runbookVersionRepository';
import { cancellableSleep } from './engine/cancellableSleep';
import { createEngine } from './engine/engine';
import { createRunRecorder } from './runs/runRecorder';
import { createMethodService, type MethodService } from './methods/methodService';
import { createPublishedVersions } from './runbooks/publishedVersions';
import { createRunbookLoader } from './runbooks/runbookLoader';
import { createRunbookService } from './runbooks/runbookService';
import { createRunbookVersionService } from './runbooks/runbookVersionService';
import { createEventBus, type EventBus } from './events/eventBus';
import { createIntegrationService, type IntegrationService } from './integrations/integrationService';
import { migrateProxyPasswords } from './integrations/migrateProxyPasswords';
import { createProxyPasswords } from './integrations/proxyPasswords';
import type { KeyProvider } from './secrets/keyProvider';
import { createSecretStore } from './secrets/secretStore';
import { createSettingsService } from './settings/settingsService';
import { createTriggerRepository } from './db/repositories/triggerRepository';
import { createTriggerService, type TriggerService } from './triggers/triggerService';
import type { SchedulerClock } from './triggers/scheduler';

export const databaseFileName = 'runbook-designer.sqlite';

const storageFaultLogLine: Readonly<Record<StorageFault | 'none', string>> = {
  none: 'records are being written again',
  full: 'the disk is full: run and call records wait in memory until space is free',
  busy: 'another program holds the database locked: records wait until it lets go',
  failing: 'the disk refuses writes (read-only or failing): records wait in memory until it takes them',
};

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
}

export interface Backend extends Disposable {
  dispatch: Dispatch;
  events: EventBus;
  integrations: IntegrationService;
  configurations: ConfigurationService;
  methods: MethodService;
  triggers: TriggerService;
  /** Settles once the webhook listener is bound (or has reported why it could not be). */
  triggersReady: Promise<void>;
  databaseFile: string;
}

/**
 * The data folder holds the database, its key and the run records: only its owner may list or
 * open it. mkdir's mode applies only to a folder it creates (less the umask); an existing one keeps
 * its own, so it is set here. A folder of another user (a shared directory given as the data
 * folder) is left alone: only its owner may change it.
 */
function restrictDirectoryToOwner(directory: string): void {
  if (process.platform === 'win32') return;
  if (fs.statSync(directory).uid !== process.getuid?.()) return;
  fs.chmodSync(directory, 0o700);
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
    const interrupted = createRunRepository(db).markInterrupted(new Date().toISOString());
    if (interrupted > 0)
      options.log(`marked ${String(interrupted)} run(s) left unfinished as failed (interrupted)`);
    const events = createEventBus();
    const secrets = createSecretStore(
      createKeyringRepository(db),
      options.keyProvider(options.dataDirectory),
    );
    // What the method, integration and configuration repositories write makes prepared sends stale.
    const repositoryWrites = createWriteNotices();
    const integrationRepository = createIntegrationRepository(db, repositoryWrites);
    const methodRows = createMethodRepository(db, repositoryWrites);
    const integrationSecrets = createIntegrationSecretRepository(db);
    const proxyPasswords = createProxyPasswords(integrationSecrets, secrets);
    migrateProxyPasswords({
      rows: integrationSecrets,
      proxyPasswords,
      secureTransaction: (fn) => secureTransaction(db, fn),
      eraseFreedContent: () => eraseFreedContent(db),
      log: options.log,
    });
    // Step records and call-log rows are committed in batches; flushed before the database closes.
    const writes = createWriteBehind(db, {
      onError: (error) => options.log(`a run or call record could not be written: ${error.message}`),
      onFault: (fault) => {
        events.emit({ name: 'storage.changed', payload: { fault: fault ?? null } });
        options.log(storageFaultLogLine[fault ?? 'none']);
      },
    });
    disposables.push(() => writes.flush());
    const apiCalls = createApiCallRepository(db, writes);
    const configurationRepository = createConfigurationRepository(db, repositoryWrites);
    const tokens = createTokenRepository(db);
    const integrations = createIntegrationService(
      integrationRepository,
      apiCalls,
      events,
      undefined,
      (integrationId, { isAuthorizationChanged }) => {
        if (isAuthorizationChanged)
          for (const configuration of configurationRepository.list(integrationId))
            tokens.clear(configuration.id);
        // A value plain under the old definition (a token under "none") may be a credential
        // under the new one: it moves into the secrets now, not at the next start. Not VACUUM,
        // which rewrites the whole database while every call waits, and which anyone allowed to
        // edit an integration could repeat at will: the secure transaction zeroes the replaced
        // row and emptying the WAL drops its older copies. Left: a copy an earlier edit of the
        // same row may have left in a page's free space, until SQLite reuses that space.
        migrateCredentialValues(
          { ...credentialValueMigration, eraseFreedContent: () => emptyWal(db) },
          { integrationId },
        );
      },
      proxyPasswords,
    );
    const configurations = createConfigurationService({
      configurations: configurationRepository,
      integrations: integrationRepository,
      secrets,
      events,
    });
    const credentialValueMigration = {
      integrations: integrationRepository,
      configurations: configurationRepository,
      configurationService: configurations,
      secureTransaction: <T>(fn: () => T) => secureTransaction(db, fn),
      eraseFreedContent: () => eraseFreedContent(db),
      log: options.log,
    };
    migrateCredentialValues(credentialValueMigration);
    const transport = createHttpTransport();
    disposables.push(() => transport.dispose());
    const openBrowser =
      options.openBrowser ??
      ((url: string) => {
        options.log(`open this address to sign in: ${url}`);
        return Promise.resolve();
      });
    const methods = createMethodService({
      methods: methodRows,
      integrations: integrationRepository,
      events,
      repositoryWrites,
      http: createHttpCore({
        transport,
        recordCall: (record) => apiCalls.record(record),
        openBrowser,
        proxyPassword: (integrationId) => proxyPasswords.read(integrationId),
      }),
      configurationAccess: createConfigurationAccess({
        configurations: configurationRepository,
        configurationService: configurations,
        tokens,
        secrets,
      }),
      transaction: (fn) => db.transaction(fn)(),
      configReferences: createConfigReferenceResolver({
        integrations: integrationRepository,
        configurations: configurationRepository,
        configurationService: configurations,
      }),
      clientConfigurationId: (integrationId, client) => configurations.idForClient(integrationId, client),
      primaryConfigurationId: (integrationId) => configurations.primaryId(integrationId),
    });
    disposables.push(() => methods.dispose());
    const settings = createSettingsService(createSettingsRepository(db));
    // API descriptions are read in a worker with a time and memory budget: a hostile one must
    // not hold the calls, webhooks and shutdown this thread serves.
    const openApi = createOpenApiReader();
    disposables.push(() => openApi.dispose());
    const fetchDocument = createDocumentFetcher(transport);
    const importDocument = async (source: string) =>
      openApi.read(/^https?:\/\/\S+$/i.test(source) ? await fetchDocument(source) : source);
    const runRepository = createRunRepository(db, writes);
    // A runbook's details, draft or versions written: the windows hear it.
    const runbookWrites = createWriteNotices<RunbookWrite>();
    const runbookEvents = runbookWrites.onDidWrite((payload) =>
      events.emit({ name: 'runbooks.changed', payload }),
    );
    disposables.push(() => runbookEvents.dispose());
    const runbookRepository = createRunbookRepository(db, runbookWrites);
    const versionRepository = createRunbookVersionRepository(db, runbookWrites);
    const published = createPublishedVersions(versionRepository);
    // Runs still going when the backend closes stop writing; the next start marks them interrupted.
    const recorder = createRunRecorder({ runs: runRepository, events });
    const transaction = <T>(fn: () => T): T => db.transaction(fn)();
    const engine = createEngine({
      hooks: recorder.hooks,
      capabilities: {
        sendMethod: (input) => methods.sendForRun(input),
        // Run runbook steps: the engine runs runbooks, which start runs on the engine.
        loadRunbook: createRunbookLoader({
          runbooks: runbookRepository,
          published,
          problemOf: (graph) => runbooks.problemOf(graph),
        }),
        sleep: cancellableSleep,
      },
    });
    const runbooks = createRunbookService({
      runbooks: runbookRepository,
      runs: runRepository,
      engine,
      transaction,
      versionGraph: (versionId) => published.publishedGraph(versionId),
      methodIntegrationId: (methodId) => methods.integrationIdOf(methodId),
      configurationIdByName: (integrationId, name) => configurations.idByName(integrationId, name),
      methodFacts: methods.facts,
    });
    const versions = createRunbookVersionService({ versions: versionRepository, runbooks, transaction });
    const triggers = createTriggerService({
      triggers: createTriggerRepository(db, writes),
      events,
      secrets,
      hasRunbook: (runbookId) => runbookRepository.get(runbookId) !== undefined,
      triggeredVersion: (runbookId) => published.triggeredVersion(runbookId),
      runbookIds: () => runbookRepository.ids(),
      runbookWrites,
      ...(options.scheduleClock === undefined ? {} : { scheduleClock: options.scheduleClock }),
      startRun: (runbookId, version, trigger, inputs, payload, maskedValues) =>
        runbooks.startTriggeredRun(runbookId, version, trigger, inputs, payload, maskedValues),
      log: options.log,
    });
    const integrationTransfer = createIntegrationTransfer({
      integrations: integrationRepository,
      methods: methodRows,
      events,
      transaction,
    });
    const runbookImport = createRunbookImport({
      runbooks: runbookRepository,
      methods: methodRows,
      integrations: integrationRepository,
      configurations: configurationRepository,
      events,
      transaction,
    });
    const handlers = createHandlers({
      runbooks,
      versions,
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
      exportRunbook: (id) =>
        exportRunbook(
          {
            runbooks: runbookRepository,
            methods: methodRows,
            integrations: integrationRepository,
            configurations: configurationRepository,
          },
          id,
        ),
    });
    const startSettings = settings.get();
    // A one-off command (`run`) neither listens for webhooks nor fires schedules.
    const triggersReady = (
      options.startTriggers === false ? Promise.resolve() : triggers.start(startSettings)
    ).then(() => {
      // "0 picks a free port" once: the port found is kept, so webhook addresses stay the same.
      const port = triggers.boundPort();
      if (!isDisposed && startSettings.webhookPort === 0 && port !== null) {
        try {
          settings.update({ webhookPort: port });
        } catch (error) {
          // Kept for this session only; the next start picks a port again.
          options.log(`the webhook port could not be saved: ${(error as Error).message}`);
        }
      }
    });
    disposables.push(() => {
      isDisposed = true;
      recorder.close();
      void triggers.stop();
    });
    return {
      dispatch: createDispatcher(handlers, options.log),
      events,
      integrations,
      configurations,
      methods,
      triggers,
      triggersReady,
      databaseFile,
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
