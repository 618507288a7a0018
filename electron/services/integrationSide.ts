/**
 * Wires the backend's integration side: integrations, their configurations and credentials, methods
 * and the HTTP core that sends them, with the start-up migrations that move credentials out of
 * clear text. Part of the composition root (backend.ts): it builds and connects, nothing more.
 */
import {
  createConfigFacts,
  createConfigReferenceResolver,
  createConfigStepValues,
} from './configurations/configReferences';
import { createConfigurationAccess } from './configurations/configurationAccess';
import { createConfigurationService } from './configurations/configurationService';
import {
  createCredentialOverrideLayer,
  type CredentialOverrides,
} from './configurations/credentialOverrides';
import { followDefinitionChange } from './configurations/followDefinitionChange';
import { migrateCredentialValues } from './configurations/migrateCredentialValues';
import { emptyWal, eraseFreedContent, secureTransaction, type Database } from './db/database';
import { createApiCallRepository, type ApiCallRecord } from './db/repositories/apiCallRepository';
import { createConfigurationRepository } from './db/repositories/configurationRepository';
import { createIntegrationRepository } from './db/repositories/integrationRepository';
import { createIntegrationSecretRepository } from './db/repositories/integrationSecretRepository';
import { createMethodRepository } from './db/repositories/methodRepository';
import { createTokenRepository } from './db/repositories/tokenRepository';
import type { WriteBehind } from './db/writeBehind';
import { createWriteNotices } from './db/writeNotices';
import type { EventBus } from './events/eventBus';
import { createHttpCore } from './http/httpCore';
import { createHttpTransport } from './http/httpTransport';
import { createRateLimiter, type LimitOwner, type RateLimiter } from './http/rateLimiter';
import { createRateLimitWaitNotes } from './http/rateLimitWaitNote';
import { createIntegrationService } from './integrations/integrationService';
import { migrateProxyPasswords } from './integrations/migrateProxyPasswords';
import { createProxyPasswords } from './integrations/proxyPasswords';
import { createMethodService } from './methods/methodService';
import type { SecretStore } from './secrets/secretStore';

export interface IntegrationSideDependencies {
  db: Database;
  events: EventBus;
  secrets: SecretStore;
  /** Where call-log rows are committed in batches. */
  writes: WriteBehind;
  log(line: string): void;
  openBrowser?: (url: string) => Promise<void>;
  /** What must be disposed when the backend closes, in order of creation. */
  disposables: (() => void)[];
  /**
   * The command line's `run`: credentials given to this process (environment, secrets file), laid
   * over the stored configurations and never written.
   */
  givenCredentials?: CredentialOverrides;
  /**
   * Where each call-log record goes instead of this database's call log: a queue-mode worker
   * sends them to the main, which keeps the log.
   */
  recordCall?: (record: ApiCallRecord) => void;
  /** Keeps a run's call in the record of the step that made it (RunRepository.keepCallWithStep). */
  keepCallWithStep?: (record: ApiCallRecord) => boolean;
  /**
   * The limiter every request passes; absent: one in this process. Queue mode gives the one held
   * in Redis, which the main and every worker share.
   */
  rateLimiter?: RateLimiter;
}

/** Builds the integration side; what it returns is what the rest of the backend connects to. */
export function wireIntegrationSide(deps: IntegrationSideDependencies) {
  const stored = wireIntegrationStorage(deps);
  const { transport, methods, configValues, noteOfWait } = wireMethods(deps, stored);
  const { apiCalls, integrationRepository, methodRows, configurationRepository, repositoryWrites, tokens } =
    stored;
  return {
    apiCalls,
    integrationRepository,
    methodRows,
    configurationRepository,
    repositoryWrites,
    tokens,
    transport,
    integrations: stored.integrations,
    configurations: stored.configurations,
    methods,
    /** A request's wait for the rate limit by the names a window shows. */
    noteOfWait,
    /** The {{config.…}} values a run's step templates read, for its client. */
    configValues,
    /** What runbook validation knows of the integrations {{config.…}} placeholders name. */
    configFacts: createConfigFacts(integrationRepository),
  };
}

/**
 * The repositories, with the start-up migrations that move credentials out of clear text, and the
 * integration and configuration services over them.
 */
function wireIntegrationStorage(deps: IntegrationSideDependencies) {
  // What the method, integration and configuration repositories write makes prepared sends stale.
  const repositoryWrites = createWriteNotices();
  const integrationRepository = createIntegrationRepository(deps.db, repositoryWrites);
  const methodRows = createMethodRepository(deps.db, repositoryWrites);
  const integrationSecrets = createIntegrationSecretRepository(deps.db);
  const proxyPasswords = createProxyPasswords(integrationSecrets, deps.secrets);
  migrateProxyPasswords({
    rows: integrationSecrets,
    proxyPasswords,
    secureTransaction: (fn) => secureTransaction(deps.db, fn),
    eraseFreedContent: () => eraseFreedContent(deps.db),
    log: deps.log,
  });
  const apiCalls = createApiCallRepository(deps.db, deps.writes, deps.keepCallWithStep);
  const configurationRepository = createConfigurationRepository(deps.db, repositoryWrites);
  const tokens = createTokenRepository(deps.db);
  const configurations = createConfigurationService({
    configurations: configurationRepository,
    integrations: integrationRepository,
    secrets: deps.secrets,
    events: deps.events,
  });
  const credentialValueMigration = {
    integrations: integrationRepository,
    configurations: configurationRepository,
    configurationService: configurations,
    secureTransaction: <T>(fn: () => T) => secureTransaction(deps.db, fn),
    eraseFreedContent: () => eraseFreedContent(deps.db),
    log: deps.log,
  };
  migrateCredentialValues(credentialValueMigration);
  const integrations = createIntegrationService(
    integrationRepository,
    apiCalls,
    deps.events,
    undefined,
    followDefinitionChange({
      configurations: configurationRepository,
      tokens,
      migration: credentialValueMigration,
      emptyWal: () => emptyWal(deps.db),
    }),
    proxyPasswords,
  );
  return {
    repositoryWrites,
    integrationRepository,
    methodRows,
    proxyPasswords,
    apiCalls,
    configurationRepository,
    tokens,
    configurations,
    integrations,
  };
}

/** The HTTP core and its transport, and the method service that sends through them. */
function wireMethods(deps: IntegrationSideDependencies, stored: ReturnType<typeof wireIntegrationStorage>) {
  const { repositoryWrites, integrationRepository, methodRows, proxyPasswords, apiCalls } = stored;
  const { configurationRepository, tokens, configurations } = stored;
  const transport = createHttpTransport();
  deps.disposables.push(() => transport.dispose());
  // One limiter for the backend: every run, client, Test, webhook and schedule shares it. Limits
  // saved reach the requests already waiting in it.
  const rateLimiter = deps.rateLimiter ?? createRateLimiter();
  const limitsNow = (owner: LimitOwner) => {
    if (owner.kind === 'integration') {
      const definition = integrationRepository.getDefinition(owner.id);
      return definition === undefined ? undefined : { limits: definition.behaviour.rateLimits };
    }
    const row = configurationRepository.get(owner.id);
    return row === undefined ? undefined : { limits: row.rateLimits ?? null };
  };
  const listening = repositoryWrites.onDidWrite(() => rateLimiter.limitsChanged?.(limitsNow));
  deps.disposables.push(() => listening.dispose());
  const openBrowser =
    deps.openBrowser ??
    ((url: string) => {
      deps.log(`open this address to sign in: ${url}`);
      return Promise.resolve();
    });
  const given =
    deps.givenCredentials === undefined
      ? undefined
      : createCredentialOverrideLayer(deps.givenCredentials, integrationRepository);
  const configReferenceDependencies = {
    integrations: integrationRepository,
    configurations: configurationRepository,
    configurationService: configurations,
    givenFields: given?.fieldsOf,
  };
  // A request's wait for the rate limit, as the window is told it (a run's step, a Test).
  const noteOfWait = createRateLimitWaitNotes({
    integration: (id) => integrationRepository.get(id)?.name,
    configuration: (id) => configurationRepository.get(id)?.name,
  });
  const methods = createMethodService({
    noteOfWait,
    methods: methodRows,
    integrations: integrationRepository,
    events: deps.events,
    repositoryWrites,
    http: createHttpCore({
      transport,
      recordCall: deps.recordCall ?? ((record) => apiCalls.record(record)),
      openBrowser,
      proxyPassword: (integrationId) => proxyPasswords.read(integrationId),
      rateLimiter,
    }),
    configurationAccess: createConfigurationAccess({
      configurations: configurationRepository,
      configurationService: configurations,
      tokens,
      secrets: deps.secrets,
    }),
    transaction: (fn) => deps.db.transaction(fn)(),
    callLog: apiCalls,
    configReferences: createConfigReferenceResolver(configReferenceDependencies),
    overrideConfiguration: given?.apply,
    clientConfigurationId: (integrationId, client) => configurations.idForClient(integrationId, client),
    primaryConfigurationId: (integrationId) => configurations.primaryId(integrationId),
  });
  deps.disposables.push(() => methods.dispose());
  return {
    transport,
    methods,
    configValues: createConfigStepValues(configReferenceDependencies),
    noteOfWait,
  };
}

/** What the integration side hands the rest of the backend. */
export type IntegrationSide = ReturnType<typeof wireIntegrationSide>;
