/**
 * Wires the API handlers to the services the other sides built, with the file transfers (runbook
 * and integration export and import) only the handlers use. Part of the composition root
 * (backend.ts): it builds and connects, nothing more.
 */
import type { AppInfo } from '../../shared/domain/settings';
import { createHandlers } from './api/handlers';
import type { Handlers } from './api/dispatcher';
import type { OpenApiPreview } from './io/openApiImport';
import type { IntegrationSide } from './integrationSide';
import { createIntegrationTransfer } from './io/integrationTransfer';
import { exportRunbook } from './io/runbookExport';
import { createRunbookImport } from './io/runbookImport';
import { createQueueStatusCall } from './queue/queueStatusCall';
import type { RunbookSide } from './runbookSide';
import type { RunbookTools } from './runbookToolsSide';
import { createDeletionImpacts } from './runbooks/deletionImpact';
import { createRunbookListing } from './runbooks/runbookListing';
import { createVersionComparison } from './runbooks/versionComparison';
import type { SettingsService } from './settings/settingsService';
import type { StorageSide } from './storageSide';
import type { TriggerService } from './triggers/triggerService';
import { withDraftSwitches } from './triggers/triggerSwitches';

export interface HandlerSideDependencies {
  storage: Pick<StorageSide, 'events' | 'runRepository'>;
  integrationSide: IntegrationSide;
  runbookSide: RunbookSide;
  tools: RunbookTools;
  triggers: TriggerService;
  settings: SettingsService;
  importDocument: (source: string) => Promise<OpenApiPreview>;
  appInfo: () => AppInfo;
  /** In queue mode: where the queue is, for `queue.status`. */
  queueAddress: string | undefined;
}

/** The runbook file's rows (read by export, written by import) and the integration file's. */
function wireFileTransfer({ storage, integrationSide, runbookSide }: HandlerSideDependencies) {
  const { integrationRepository, methodRows, configurationRepository } = integrationSide;
  const integrationTransfer = createIntegrationTransfer({
    integrations: integrationRepository,
    methods: methodRows,
    events: storage.events,
    transaction: runbookSide.transaction,
  });
  // What a runbook file holds is read from (export) and written to (import) these.
  const runbookFileRows = {
    runbooks: runbookSide.runbookRepository,
    methods: methodRows,
    integrations: integrationRepository,
    configurations: configurationRepository,
    testCases: runbookSide.testCaseRepository,
  };
  const runbookImport = createRunbookImport({
    ...runbookFileRows,
    events: storage.events,
    transaction: runbookSide.transaction,
    withDraftSwitches,
  });
  return { integrationTransfer, runbookFileRows, runbookImport };
}

/** Builds the handlers of every contract call. */
export function wireHandlers(deps: HandlerSideDependencies): Handlers {
  const { integrationSide, runbookSide, tools, triggers } = deps;
  const { runbookRepository, runbooks, engine, queued } = runbookSide;
  const runs = deps.storage.runRepository;
  const { integrationTransfer, runbookFileRows, runbookImport } = wireFileTransfer(deps);
  return createHandlers({
    runbooks,
    deletionImpacts: createDeletionImpacts({
      methods: integrationSide.methodRows,
      runbooks: runbookRepository,
      runs,
      versions: runbookSide.versionRepository,
    }),
    runbookListing: createRunbookListing({
      runbooks: runbookRepository,
      runs,
      versions: runbookSide.versionRepository,
      triggers: (runbookIds) => triggers.listed(runbookIds),
    }),
    versions: tools.versions,
    compareVersions: createVersionComparison({
      runbooks,
      versions: tools.versions,
      exportFile: (id, graph) => exportRunbook(runbookFileRows, id, graph).content,
    }),
    runs,
    engine,
    // Not a run of this process: one on the same data folder is asked to cancel it.
    cancelRun: (id) => engine.cancel(id) || runbookSide.cancelsElsewhere.request(id),
    stepWaitOf: (id) => runbookSide.recorder.waitOf(id),
    importDocument: deps.importDocument,
    appInfo: deps.appInfo,
    settings: deps.settings,
    integrations: integrationSide.integrations,
    configurations: integrationSide.configurations,
    methods: integrationSide.methods,
    clearTokens: (configurationId) => integrationSide.tokens.clear(configurationId),
    triggers,
    runbookImport,
    integrationTransfer,
    pins: tools.pins,
    testCases: tools.testCases,
    approvals: runbookSide.approvals,
    runGroups: tools.runGroups,
    runGroupStarts: tools.runGroupStarts,
    debugRuns: tools.debugRuns,
    queueStatus: createQueueStatusCall(queued, deps.queueAddress),
    exportRunbook: (id) => exportRunbook(runbookFileRows, id),
  });
}
